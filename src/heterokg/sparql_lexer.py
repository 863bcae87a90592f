"""What a SPARQL request is, read by the terminals of the SPARQL 1.1 grammar, never by running it.

The web endpoint must refuse updates and federated queries (SERVICE) and bound the nesting
and size of a query before any parser sees it: Oxigraph's parser and evaluator recurse, and
a few thousand nested brackets or chained operators overflow their stack. A regular
expression over the text cannot do this (an escaped ``\\#`` in a prefixed name reads as a
comment and hides what follows), so this module tokenises with the grammar's own terminals
(IRIREF, PNAME_LN with PN_LOCAL_ESC and percent escapes, the four string forms with ECHAR,
comments, variables, language tags, numbers) and reads the result conservatively:

* Oxigraph matches keywords without a word boundary (``trueSERVICE<…>{…}`` and
  ``SERVICEe:x{…}`` are SERVICE calls), so any bare word or prefix that *contains* SERVICE
  counts as SERVICE.
* ``<`` is ambiguous: ``FILTER(1<2)SERVICE:x#>`` is a comparison followed by SERVICE for
  Oxigraph, but one IRIREF for a longest-match lexer. Inside an expression, after an operand,
  ``<`` is read as the operator, so whatever follows stays visible.

The evaluator runs without network access as a second line (see ``web.executor``); this
module is the first, and the one that gives the client a clear 403 instead of an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QueryRefused", "QueryShape", "read_query", "MAX_DEPTH", "MAX_OPERATORS"]

MAX_DEPTH = 64
"""Most nested brackets (``{``, ``(``, ``[``, ``<<``); real queries stay under 15."""
MAX_OPERATORS = 2000
"""Most operators and group patterns (each one a node of the algebra tree); the shipped
catalogue's largest query has well under 200."""

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
                  "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF"
                  "\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})"
             f"(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?")
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"

_ALTERNATIVES = rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              | '(?:[^'\\\r\n]|\\.)*'
              | "(?:[^"\\\r\n]|\\.)*")
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>(?P<prefix>{_PN_PREFIX})?:(?P<local>{_PN_LOCAL})?)
  | (?P<var>[?$]{_VARNAME})
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\|\||&&|!=|<=|>=|<<|>>|\^\^|[=<>+\-*/|^!?])
  | (?P<punct>[{{}}()\[\];,.])
  | (?P<other>.)
    """
_TOKEN = re.compile(_ALTERNATIVES, re.X | re.S)
_TOKEN_NO_PNAME = re.compile(_ALTERNATIVES.replace("(?P<pname>", "(?P<pname>(?!)", 1), re.X | re.S)
"""The same tokens where no prefixed name can start (see :func:`tokens`)."""
_NAME_RUN = re.compile(f"[{_PN_CHARS}.]*")
_IRIREF = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')

QUERY_FORMS = {"SELECT": "results", "ASK": "results", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                "WITH"}
# words after which a "(" opens an expression, also when they sit inside a group pattern
_EXPRESSION_CLAUSES = {"SELECT", "BY", "HAVING"}
_TERM_WORDS = {"A", "TRUE", "FALSE", "UNDEF"}
_OPERAND_KINDS = {"var", "string", "number", "iri", "pname", "bnode", "langtag"}
# built-in calls whose value differs at each evaluation (a bare word containing one counts,
# as Oxigraph reads keywords without a word boundary)
_VOLATILE_FUNCTIONS = ("NOW", "RAND", "UUID", "BNODE")
# tokens that each add a node to the algebra tree (a deep tree is what overflows the stack)
_TREE_WORDS = {"UNION", "OPTIONAL", "MINUS", "GRAPH", "FILTER", "BIND", "EXISTS", "LATERAL",
               "IN", "SERVICE"}


class QueryRefused(Exception):
    """The request must not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryShape:
    form: str
    """"results" (SELECT, ASK) or "graph" (CONSTRUCT, DESCRIBE)."""
    keyword: str
    """The query form's keyword, upper case."""
    uses_service: bool
    has_from: bool
    """The query names its own dataset (FROM / FROM NAMED)."""
    volatile: bool
    """The query calls a function whose value differs at each run (NOW, RAND, UUID, STRUUID,
    BNODE), so its answer must not be kept or tagged as the same for the next request."""
    depth: int
    operators: int


@dataclass
class _Token:
    kind: str
    text: str
    word: str = ""  # upper-cased bare word, or the prefix of a prefixed name


def tokens(text: str) -> list[_Token]:
    """The query's tokens (no spaces or comments), ``<`` read by its context (see module doc);
    :class:`QueryRefused` for a string that is never closed. Linear in the query's length: the
    web process lexes up to ``max_query_bytes`` with no time limit."""
    out: list[_Token] = []
    frames: list[str] = []  # "group" ({ or [), "expr" or "list" (
    clause = False  # inside SELECT / ORDER BY / GROUP BY / HAVING: "(" is an expression
    pending_call = False  # after FILTER: an IRI then "(" is a function call
    pos, n = 0, len(text)
    run_end = 0  # where the run of name characters and dots that ``pos`` is in ends
    while pos < n:
        prev = out[-1] if out else None
        if text[pos] == "<" and not _operator_expected(frames, prev):
            m = _IRIREF.match(text, pos)
            if m:
                out.append(_Token("iri", m.group()))
                pos = m.end()
                continue
        # a prefix is a whole run followed by ":" (or none, at a ":"): elsewhere none is
        # looked for, else each word of "a.a.a..." rescans the run to its end (quadratic)
        if pos >= run_end:
            run_end = _NAME_RUN.match(text, pos).end()
        pname = text[pos] == ":" or text.startswith(":", run_end)
        m = (_TOKEN if pname else _TOKEN_NO_PNAME).match(text, pos)
        assert m is not None  # the last alternative matches any character
        if m.lastgroup == "other" and m.group() in "'\"":
            # each quote of '\'\'... would read on to the line's end again (quadratic)
            raise QueryRefused(400, f"malformed query: the string opened at character {pos} "
                                    "is never closed")
        pos = m.end()
        kind = m.lastgroup
        if kind in ("space", "comment"):
            continue
        if kind in ("prefix", "local"):
            kind = "pname"
        value = m.group()
        tok = _Token(kind, value)
        if kind == "word":
            tok.word = value.upper()
        elif kind == "pname":
            tok.word = (m.group("prefix") or "").upper()
        out.append(tok)
        # the bracket structure, for the next "<" and for "("
        if value in ("{", "["):
            frames.append("group")
            clause = False
        elif value == "(":
            if clause or pending_call or not frames or frames[-1] == "expr":
                frames.append("expr")
            elif prev is not None and prev.kind == "word" and prev.word not in _TERM_WORDS:
                frames.append("expr")  # FILTER(, BIND(, a built-in call, VALUES (
            else:
                frames.append("list")  # a collection or a path group in a triple pattern
        elif value in ("}", "]", ")"):
            if frames:
                frames.pop()
            if value == "}":
                clause = False
        if kind == "word":
            if tok.word in _EXPRESSION_CLAUSES:
                clause = True
            elif tok.word == "WHERE":
                clause = False
        pending_call = (kind == "word" and tok.word == "FILTER") or (
            pending_call and kind in ("iri", "pname"))
    return out


def _operator_expected(frames: list[str], prev: _Token | None) -> bool:
    """Is ``<`` here the comparison (an operand just ended inside an expression)?"""
    if prev is None or not frames or frames[-1] != "expr":
        return False
    return prev.kind in _OPERAND_KINDS or prev.text == ")" or prev.word in ("TRUE", "FALSE")


def names_dataset(text: str) -> bool:
    """Does the query name its own dataset (FROM / FROM NAMED)? False for a query the lexer
    refuses: the parser then says what is wrong with it."""
    try:
        return _names_dataset(tokens(text))
    except QueryRefused:
        return False


def _names_dataset(toks: list[_Token]) -> bool:
    return any(t.word.startswith("FROM") for t in toks if t.kind in ("word", "pname"))


def read_query(text: str, max_depth: int = MAX_DEPTH,
               max_operators: int = MAX_OPERATORS) -> QueryShape:
    """The query's form and what it uses; :class:`QueryRefused` for what must not run."""
    toks = tokens(text)
    if not toks:
        raise QueryRefused(400, "empty query")
    uses_service = any(
        "SERVICE" in t.word or (t.kind == "langtag" and "SERVICE" in t.text.upper())
        for t in toks)
    has_from = _names_dataset(toks)
    volatile = any(t.kind == "word" and any(f in t.word for f in _VOLATILE_FUNCTIONS) for t in toks)
    depth = operators = level = 0
    for t in toks:
        if t.text in ("{", "(", "[", "<<"):
            level += 1
            depth = max(depth, level)
        elif t.text in ("}", ")", "]", ">>"):
            level = max(0, level - 1)
        if t.kind == "op" or t.text == "{" or t.word in _TREE_WORDS:
            operators += 1
    keyword = _form_keyword(toks)
    if keyword in UPDATE_WORDS:
        raise QueryRefused(403, "SPARQL Update is not allowed on this endpoint")
    if keyword not in QUERY_FORMS:
        raise QueryRefused(400, "malformed query: expected SELECT, ASK, CONSTRUCT or DESCRIBE "
                                f"after the prologue, found {keyword or 'nothing'!r}")
    if depth > max_depth:
        raise QueryRefused(400, f"query nested {depth} brackets deep; at most {max_depth} "
                                "are accepted")
    if operators > max_operators:
        raise QueryRefused(400, f"query has {operators} operators and group patterns; at most "
                                f"{max_operators} are accepted")
    return QueryShape(QUERY_FORMS[keyword], keyword, uses_service, has_from, volatile, depth,
                      operators)


def _form_keyword(toks: list[_Token]) -> str:
    """The first word after the prologue (BASE <iri>, PREFIX p: <iri>)."""
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.word == "BASE" and t.kind == "word":
            i += 2
        elif t.word == "PREFIX" and t.kind == "word":
            i += 3
        elif t.kind == "word":
            # keywords may be glued to what follows ("SELECT*" lexes apart; "SELECTDISTINCT"
            # does not): the form is the keyword the word starts with
            for kw in (*QUERY_FORMS, *UPDATE_WORDS):
                if t.word.startswith(kw):
                    return kw
            return t.word
        elif t.kind == "pname" and t.word:
            for kw in (*QUERY_FORMS, *UPDATE_WORDS):
                if t.word.startswith(kw):
                    return kw
            return t.text
        else:
            return t.text
    return ""
