"""The lexer that decides what a request is before anything parses or runs it (issue 15).

Each refusal case is a spelling that got past the old regular-expression guard, or one that
Oxigraph reads as SERVICE (checked against Oxigraph in tests/test_web_hardening.py)."""

import pytest

from heterokg.sparql_lexer import MAX_DEPTH, MAX_OPERATORS, QueryRefused, names_dataset, read_query, tokens

P = "PREFIX : <http://127.0.0.1:9/> PREFIX e: <http://e/> "
SERVICE_SPELLINGS = [
    # the issue's bypasses: an escaped '#' or "'" in a prefixed name is not a comment or string
    P + r"SELECT * WHERE { BIND(e:a\#b AS ?z) SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    P + r"SELECT * WHERE { BIND(e:it\'s AS ?z) SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    P + r"SELECT * WHERE { BIND(e:a%23b AS ?z) SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    # keywords glued to their neighbours (Oxigraph needs no word boundary)
    P + "SELECT * { SERVICE:sparql { ?s ?p ?o } }",
    P + "SELECT * { SERVICEe:sparql { ?s ?p ?o } }",
    "SELECT * { SERVICE<http://127.0.0.1:9/>{ ?s ?p ?o } }",
    "SELECT * { ?s ?p trueSERVICE<http://127.0.0.1:9/>{ ?s ?p ?o } }",
    "SELECT * { SERVICESILENT<http://127.0.0.1:9/>{} }",
    "sElEcT * { sErViCe <http://127.0.0.1:9/> {} }",
    # '<' as a comparison, not the start of an IRI that would hide what follows
    P + "SELECT * { FILTER(1<2)SERVICE:sparql#>\n{ ?s ?p ?o } }",
    P + "SELECT * { FILTER(?a<(?b))SERVICE:sparql#>\n{ ?s ?p ?o } }",
    # nested places a SERVICE may sit
    "ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * { {} UNION { SERVICE SILENT <http://127.0.0.1:9/> {} } }",
    "SELECT * { ?s ?p ?o LATERAL { SERVICE <http://127.0.0.1:9/> {} } }",
]


@pytest.mark.parametrize("query", SERVICE_SPELLINGS)
def test_every_spelling_of_service_is_seen(query):
    assert read_query(query).uses_service


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s <urn:SERVICE> "SERVICE" } # SERVICE\n',
    "SELECT * WHERE { ?s ?p '''it's a \"SERVICE\" ''' }",
    "SELECT ?service WHERE { ?service <http://x/service> ?o }",
    P + "SELECT * { ?s e:service ?o }",
    "SELECT * { ?s ?p ?o FILTER(?o < 3 && ?s != <http://x/service>) }",
])
def test_service_inside_strings_iris_comments_and_names_is_not_service(query):
    assert not read_query(query).uses_service


def test_comparison_without_spaces_is_three_tokens():
    texts = [t.text for t in tokens("SELECT * { ?s ?p ?o FILTER(?o<?s&&?s>?o) }")]
    assert texts[7:14] == ["(", "?o", "<", "?s", "&&", "?s", ">"]


def test_iri_after_a_variable_in_a_triple_pattern_stays_an_iri():
    texts = [t.text for t in tokens("SELECT * { ?s <http://x/p?a=1&b=(2)> ?o }")]
    assert "<http://x/p?a=1&b=(2)>" in texts


@pytest.mark.parametrize("query,form", [
    ("SELECT*{}", "results"), ("ASK{}", "results"), ("CONSTRUCT WHERE {?s ?p ?o}", "graph"),
    ("DESCRIBE<http://x>", "graph"), ("BASE <http://b/> PREFIX a: <http://a/> ASK {}", "results"),
    ("# a comment\nPREFIX select: <http://s/> SELECT * {}", "results"),
])
def test_query_form(query, form):
    assert read_query(query).form == form


@pytest.mark.parametrize("query", [
    "INSERT DATA { <a:a> <a:b> <a:c> }", "PREFIX e: <http://e/> DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:1/x.ttl>", "load<http://127.0.0.1:1/x.ttl>", "CLEAR ALL",
    "DROP GRAPH <a:g>", "WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "# SELECT\nINSERT DATA {}", "CREATE GRAPH <a:g>", "COPY <a:g> TO <a:h>",
])
def test_updates_are_403(query):
    with pytest.raises(QueryRefused) as e:
        read_query(query)
    assert e.value.status == 403


def test_nesting_is_bounded_before_any_parser():
    ok = "SELECT * WHERE " + "{" * (MAX_DEPTH - 1) + "}" * (MAX_DEPTH - 1)
    assert read_query(ok).depth == MAX_DEPTH - 1
    for opener, closer in (("{", "}"), ("(", ")")):
        deep = "SELECT * WHERE { FILTER" + opener * 5000 + "1" + closer * 5000 + " }"
        with pytest.raises(QueryRefused, match="brackets deep") as e:
            read_query(deep)
        assert e.value.status == 400


def test_operator_chains_are_bounded():
    long = "ASK { FILTER(" + "+".join(["1"] * (MAX_OPERATORS + 1)) + " > 0) }"
    with pytest.raises(QueryRefused, match="operators"):
        read_query(long)
    unions = "SELECT * {" + " UNION ".join(["{}"] * 3000) + "}"
    with pytest.raises(QueryRefused, match="operators"):
        read_query(unions)


def test_from_is_found_in_any_spelling():
    assert names_dataset("SELECT * FROM <http://g/> { ?s ?p ?o }")
    assert names_dataset("PREFIX : <http://g/> SELECT * FROM NAMED:g { ?s ?p ?o }")
    assert names_dataset("PREFIX : <http://g/> SELECT * FROMNAMED:g { ?s ?p ?o }")
    assert not names_dataset('SELECT * { ?s <http://x/FROM> "FROM" } # FROM')


def test_not_a_query_is_400():
    with pytest.raises(QueryRefused) as e:
        read_query("PREFIX e: <http://e/> HELLO { }")
    assert e.value.status == 400 and "expected SELECT" in e.value.message


def test_functions_whose_answer_differs_at_each_run_are_noticed():
    for q in ("SELECT (NOW() AS ?t) {}", "SELECT (uuid() AS ?u) {}", "SELECT * { BIND(STRUUID() AS ?u) }",
              "SELECT * { BIND(RAND() AS ?r) }", "CONSTRUCT { ?s ?p ?b } WHERE { ?s ?p ?o BIND(BNODE() AS ?b) }"):
        assert read_query(q).volatile, q
    for q in ("SELECT ?now { ?now ?p 'NOW()' }", "PREFIX e: <http://e/> SELECT * { e:RAND ?p ?o }",
              "SELECT * { ?s ?p ?o } # UUID()"):
        assert not read_query(q).volatile, q


class _Counting:
    """A compiled pattern that counts its matches."""

    def __init__(self, pattern):
        self.pattern, self.calls = pattern, 0

    def match(self, *args):
        self.calls += 1
        return self.pattern.match(*args)


def test_a_run_of_name_characters_is_scanned_for_a_colon_once(monkeypatch):
    """A prefixed name's prefix is a run of name characters and dots that ends at a colon, so
    it was looked for at every word of ``a.a.a...``, each time to the end of the run: a
    256 KiB query took the web process (where no time limit holds) minutes. A prefixed name
    is now looked for only where the run ends at a colon."""
    from heterokg import sparql_lexer

    counting = _Counting(sparql_lexer._TOKEN)
    monkeypatch.setattr(sparql_lexer, "_TOKEN", counting)
    with pytest.raises(QueryRefused):  # refused for its form, after lexing all of it
        read_query("a." * 20000)
    assert counting.calls <= 1
    toks = [t.text for t in tokens("SELECT * { a.b-c.d:e.f ex:x :y ?z . _:b.c }")]
    assert toks == ["SELECT", "*", "{", "a.b-c.d:e.f", "ex:x", ":y", "?z", ".", "_:b.c", "}"]


def test_a_string_never_closed_is_refused_where_it_opens():
    """Each quote of ``'\\'\\'\\'...`` opened a string that was read to the end of the line
    before the lexer gave up on it and moved one character on; a query no parser accepts is
    now refused at its first such quote."""
    for q in ("SELECT * { ?s ?p '\\'\\'\\' }", 'SELECT * { ?s ?p "abc }\n}', "SELECT * { ?s ?p '''abc }"):
        with pytest.raises(QueryRefused) as caught:
            read_query(q)
        assert caught.value.status == 400 and "never closed" in caught.value.message
    assert not names_dataset("SELECT * FROM <urn:g> { ?s ?p 'abc }")  # the parser will say why
    assert read_query("SELECT * { ?s ?p '''a\n'b''c''' }").form == "results"
