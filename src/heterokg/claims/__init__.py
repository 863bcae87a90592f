"""Claims: the typed model, the machine extractor, curated claims and how they match."""
