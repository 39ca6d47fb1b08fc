"""Unit tests: the client against recorded answers of a real server over the
demo data (tests/recorded, see recording.py), and hand-written HTTP answers
for what a server rarely says."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pandas as pd
import pytest

import supplygraph
from recording import AS_OF, Replayer

D = date.fromisoformat(AS_OF)


@pytest.fixture
def sg() -> supplygraph.Client:
    return supplygraph.Client("http://sg.test/graphql", "sgk_test", page_size=20, transport=Replayer())


def test_cascade_export_equals_graphql_pages(sg: supplygraph.Client) -> None:
    c = sg.cascade("SPESSART-DE", "HIT-SPG", as_of=D)
    g = sg._cascade_graphql("SPESSART-DE", "HIT-SPG", D, None)
    assert len(c.entries) == c.tiers["companies"].sum() > 20  # more than one page
    pd.testing.assert_frame_equal(c.entries, g.entries)
    pd.testing.assert_frame_equal(c.tiers, g.tiers)
    assert list(c.tiers.columns) == ["tier", "companies", "covered", "stale", "pending", "not_requested", "reached", "coverage"]
    e = c.entries
    assert e["tier"].is_monotonic_increasing
    assert set(e["status"]) <= {"COVERED", "STALE", "PENDING", "NOT_REQUESTED"}
    assert e["reached"].dtype == bool
    covered = e[e["status"] == "COVERED"]
    assert covered["ack_current"].all() and all(isinstance(x, date) for x in covered["ack_date"])
    assert e[e["status"].isin(["PENDING", "NOT_REQUESTED"])]["ack_code"].isna().all()
    assert all(isinstance(x, list) for x in e["requested_by"])
    per_tier = e.groupby("tier")["status"].value_counts().unstack(fill_value=0)
    for t in c.tiers.itertuples():
        assert per_tier.loc[t.tier].get("COVERED", 0) == t.covered
        assert t.coverage == pytest.approx(t.covered / t.companies)


def test_risk_exposure_pages_every_source(sg: supplygraph.Client) -> None:
    r = sg.risk_exposure("SPESSART-DE", as_of=D)
    assert len(r.sources) == r.by_category["count"].sum() == r.by_partner["count"].sum()
    assert r.sources["score"].is_monotonic_decreasing
    for s in r.sources.itertuples():
        assert s.path[0] == s.company and s.path[-1] == "SPESSART-DE" and s.path[-2] == s.partner
        assert len(s.path) == s.hops + 1
        assert s.score == pytest.approx(s.base * s.weight)
    top = r.sources.groupby("partner")["score"].max()
    for p in r.by_partner.itertuples():
        assert p.max_score == pytest.approx(top[p.partner])


def test_risk_paths_and_impact(sg: supplygraph.Client) -> None:
    p = sg.risk_paths("BIESZCZADY-PL", "SPESSART-DE", as_of=D)
    assert list(p["rank"]) == list(range(1, len(p) + 1)) and len(p) > 0
    assert all(x[0] == "BIESZCZADY-PL" and x[-1] == "SPESSART-DE" for x in p["path"])
    assert p["weight"].is_monotonic_decreasing
    i = sg.impact("BIESZCZADY-PL", as_of=D)
    assert i.affected["distance"].is_monotonic_increasing
    assert all(x[0] == "BIESZCZADY-PL" and x[-1] == c for x, c in zip(i.affected["path"], i.affected["company"]))
    assert set(i.buyers["company"]) == set(i.affected[i.affected["kind"] == "BUYER"]["company"])


def test_supply_chain_graph(sg: supplygraph.Client) -> None:
    s = sg.supply_chain("SPESSART-DE", "HIT-SPG", as_of=D)
    g = s.graph()
    assert g.number_of_nodes() == len(s.nodes) and g.number_of_edges() == len(s.edges)
    assert s.nodes["company"].iloc[0] == "SPESSART-DE" and g.nodes["SPESSART-DE"]["tier"] == 0
    assert g.nodes["SPESSART-DE"]["status"] is None
    for n, a in g.nodes(data=True):
        assert set(a) == {"name", "kind", "tier", "status", "reached", "open", "exposure"}
    # tiers are shortest distances to the focal company along supplier -> customer edges
    import networkx as nx
    dist = nx.single_source_shortest_path_length(g.reverse(copy=False), "SPESSART-DE")
    assert all(dist[n] == a["tier"] for n, a in g.nodes(data=True))
    # exposure is the highest score along disclosed links (chainView); riskExposure also follows
    # declared edges: equal where its best path is disclosed, never lower
    r = sg.risk_exposure("SPESSART-DE", as_of=D)
    assert all(len(d) == len(p) - 1 for d, p in zip(r.sources["declared"], r.sources["path"]))
    best = r.sources.sort_values("score", ascending=False).drop_duplicates("company").set_index("company")
    assert best["declared"].map(any).any(), "the demo's declarations put declared edges on SPESSART-DE's risk paths"
    for n, a in g.nodes(data=True):
        if n not in best.index:
            assert a["exposure"] == 0.0
        elif not any(best.at[n, "declared"]):
            assert a["exposure"] == pytest.approx(best.at[n, "score"])
        else:
            assert a["exposure"] <= best.at[n, "score"] + 1e-9


def test_minerals_report(sg: supplygraph.Client) -> None:
    m = sg.minerals_report("HIT", "TIN", as_of=D)
    raw = sg.query(supplygraph.client._MINERALS, {"focal": "HIT", "metal": "TIN", "asOf": D, "maxDepth": None,
                                                  "validDays": None})["mineralsReport"]
    assert (m.focal, m.metal, m.as_of, m.max_depth, m.valid_days) == ("HIT", "TIN", D, 10, 365)
    assert list(m.tiers.columns) == ["tier", "companies", "current", "stale", "none", "rate"]
    assert m.tiers["rate"].dtype == float
    assert m.tiers["companies"].sum() == len(m.suppliers) == len(raw["suppliers"])
    assert (m.tiers["current"] + m.tiers["stale"] + m.tiers["none"] == m.tiers["companies"]).all()
    assert m.suppliers["declaration"].isna().sum() == m.tiers["none"].sum()
    assert list(m.smelters.columns) == ["smelter", "name", "country", "rmap_status", "disclosed", "tier", "named_by"]
    assert str(m.smelters["tier"].dtype) == "Int64"
    assert list(m.smelters["named_by"]) == [[n["id"] for n in s["namedBy"]] for s in raw["smelters"]]
    assert all(isinstance(x, list) for x in m.smelters["named_by"])
    assert len(m.contradictions) == len(raw["contradictions"]) > 0
    assert m.contradictions[m.contradictions["kind"] != "SMELTER_MISSING"]["smelter"].isna().all()
    assert m.contradictions[m.contradictions["kind"] == "SMELTER_MISSING"]["smelter"].notna().all()
    assert m.response_rate == raw["responseRate"] and m.response_rate_text == raw["responseRateText"]
    assert isinstance(m.all_smelters_identified, bool)
    assert m.conformant_share == pytest.approx(
        sum(s["rmapStatus"] == "CONFORMANT" for s in raw["smelters"]) / len(raw["smelters"]))


def test_company_and_companies(sg: supplygraph.Client) -> None:
    c = sg.company("SPESSART-DE")
    assert c is not None and c.id == "SPESSART-DE" and c.info["kind"] == "SUPPLIER"
    assert len(c.suppliers) > 0 and "HIT" in set(c.customers["company"])
    cs = sg.companies("sp")
    assert "SPESSART-DE" in set(cs["id"]) and cs["id"].is_monotonic_increasing


def test_errors_carry_code_message_path(sg: supplygraph.Client) -> None:
    with pytest.raises(supplygraph.NotFound) as e:
        sg.cascade("NOPE", "HIT-SPG", as_of=D)
    assert "NOPE" in e.value.message and e.value.status == 404
    with pytest.raises(supplygraph.BadInput) as e:
        sg.risk_paths("SPESSART-DE", "HIT", limit=0, as_of=D)
    assert e.value.path == ["riskPaths"] and "limit" in e.value.message
    with pytest.raises(supplygraph.NotFound) as e:
        sg.query('{ a: riskPaths(from: "NOPE", to: "HIT", asOf: "2026-06-01") { hops } b: company(id: "HIT") { name } }')
    # the other question of the request still answered
    assert e.value.path == ["a"] and e.value.data == {"a": None, "b": {"name": "Hitachi Group"}}


def _answer(status: int, body: str, ctype: str = "application/json") -> supplygraph.Client:
    t = httpx.MockTransport(lambda r: httpx.Response(status, headers={"content-type": ctype}, content=body.encode()))
    return supplygraph.Client("http://sg.test/graphql", "k", transport=t)


@pytest.mark.parametrize("status,cls", [(401, supplygraph.Unauthenticated), (403, supplygraph.Forbidden),
                                        (502, supplygraph.Unavailable), (503, supplygraph.Unavailable),
                                        (504, supplygraph.Timeout), (413, supplygraph.BadInput),
                                        (500, supplygraph.SupplyGraphError)])
def test_http_statuses_without_graphql_errors(status: int, cls: type) -> None:
    with pytest.raises(cls) as e:
        _answer(status, "<html>proxy error</html>", "text/html").query("{ ok }")
    assert e.value.status == status and type(e.value) is cls


def test_graphql_error_classes() -> None:
    for code, cls in supplygraph.errors.BY_CODE.items():
        body = '{"errors":[{"message":"m","path":["x"],"extensions":{"code":"%s"}}],"data":null}' % code
        with pytest.raises(cls) as e:
            _answer(200, body).query("{ x }")
        assert (e.value.code, e.value.message, e.value.path) == (code, "m", ["x"])
    with pytest.raises(supplygraph.SupplyGraphError) as e:
        _answer(200, '{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}').query("{ ok }")
    assert e.value.code == "INTERNAL"


def test_unreachable_server_is_unavailable() -> None:
    def refuse(r: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=r)
    sg = supplygraph.Client("http://sg.test/graphql", "k", transport=httpx.MockTransport(refuse))
    with pytest.raises(supplygraph.Unavailable, match="make run"):
        sg.query("{ ok }")


def test_key_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUPPLYGRAPH_API_KEY", raising=False)
    monkeypatch.delenv("SUPPLYGRAPH_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(supplygraph.NoKey, match="SUPPLYGRAPH_API_KEY"):
        supplygraph.Client()
    (tmp_path / ".data").mkdir()
    (tmp_path / ".data" / "local-admin.key").write_text("sgk_from_file\n")
    sub = tmp_path / "docs" / "notebooks"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)  # a notebook in the repository finds make run's key
    seen = {}

    def look(r: httpx.Request) -> httpx.Response:
        seen["auth"], seen["url"] = r.headers["authorization"], str(r.url)
        return httpx.Response(200, json={"data": {"ok": True}})
    assert supplygraph.Client(transport=httpx.MockTransport(look)).query("{ ok }") == {"ok": True}
    assert seen == {"auth": "Bearer sgk_from_file", "url": supplygraph.DEFAULT_URL}
    monkeypatch.setenv("SUPPLYGRAPH_API_KEY", "sgk_env")
    monkeypatch.setenv("SUPPLYGRAPH_URL", "http://elsewhere:9/graphql")
    supplygraph.Client(transport=httpx.MockTransport(look)).query("{ ok }")
    assert seen == {"auth": "Bearer sgk_env", "url": "http://elsewhere:9/graphql"}


def test_dates_are_sent_as_dates() -> None:
    seen = {}

    def look(r: httpx.Request) -> httpx.Response:
        seen["body"] = r.content
        return httpx.Response(200, json={"data": {"ok": True}})
    sg = supplygraph.Client("http://sg.test/graphql", "k", transport=httpx.MockTransport(look))
    sg.query("query($d: Date) { ok }", {"d": date(2026, 6, 1)})
    assert b'"d":"2026-06-01"' in seen["body"].replace(b" ", b"")
    from datetime import datetime
    with pytest.raises(TypeError):
        sg.query("query($d: Date) { ok }", {"d": datetime(2026, 6, 1)})
