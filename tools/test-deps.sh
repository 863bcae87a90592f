#!/bin/sh
# System packages the test suite uses: Debian's Chromium and its driver, for the browser
# tests (Playwright drives /usr/bin/chromium; it never downloads a browser of its own).
# Without root or apt-get the browser tests skip themselves and say why.
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
  echo "tools/test-deps.sh: not root or no apt-get: browser tests will be skipped" >&2
fi
