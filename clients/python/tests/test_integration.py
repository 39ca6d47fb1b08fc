"""Integration tests: the client against the real server over seed/demo,
its answers compared with the API's own (plain GraphQL over HTTP)."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pandas as pd
import pytest

import supplygraph

D = date(2026, 6, 1)


def gql(demo: tuple[str, str], query: str, key: str | None = None) -> dict[str, Any]:
    r = httpx.post(demo[0], json={"query": query}, headers={"Authorization": f"Bearer {key or demo[1]}"}, timeout=60)
    body = r.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


@pytest.fixture(scope="module")
def sg(demo: tuple[str, str]) -> supplygraph.Client:
    return supplygraph.Client(*demo)


def test_cascade_equals_graphql(demo: tuple[str, str], sg: supplygraph.Client) -> None:
    c = sg.cascade("HIT", "HIT-SPG", as_of=D)
    d = gql(demo, """{ cascade(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") {
        tiers { tier companies covered coverage }
        entries { totalCount edges { node { company { id } tier status reached requestedBy { id }
          acknowledgment { code { id } edition date current } } } } } }""")["cascade"]
    assert len(c.entries) == d["entries"]["totalCount"] == sum(t["companies"] for t in d["tiers"])
    for row, e in zip(c.entries.itertuples(), d["entries"]["edges"]):
        n = e["node"]
        a = n["acknowledgment"]
        assert (row.company, row.tier, row.status, row.reached, row.requested_by) == (
            n["company"]["id"], n["tier"], n["status"], n["reached"], [x["id"] for x in n["requestedBy"]])
        if a:
            assert (row.ack_code, row.ack_edition, row.ack_date.isoformat(), row.ack_current) == (
                a["code"]["id"], a["edition"], a["date"], a["current"])
        else:
            assert pd.isna(row.ack_code) and pd.isna(row.ack_date)
    assert c.tiers[["tier", "companies", "covered", "coverage"]].to_dict("records") == d["tiers"]
    # the same through GraphQL pages of 50
    paged = supplygraph.Client(*demo, page_size=50)._cascade_graphql("HIT", "HIT-SPG", D, None)
    pd.testing.assert_frame_equal(c.entries, paged.entries)


def test_risk_exposure_has_every_source(demo: tuple[str, str], sg: supplygraph.Client) -> None:
    r = sg.risk_exposure("HIT", as_of=D)
    d = gql(demo, """{ riskExposure(focal: "HIT", asOf: "2026-06-01") {
        sources { source { id } } byCategory { category count maxScore }
        sourcesConnection { totalCount edges { node { source { id } score path { id } partner { id } } } } } }""")
    re = d["riskExposure"]
    assert len(re["sources"]) == 20 < len(r.sources)  # the old list stops at limit; the client has them all
    assert len(r.sources) == re["sourcesConnection"]["totalCount"] == sum(c["count"] for c in re["byCategory"])
    assert list(r.sources["source"]) == [e["node"]["source"]["id"] for e in re["sourcesConnection"]["edges"]]
    assert list(r.sources["path"]) == [[p["id"] for p in e["node"]["path"]] for e in re["sourcesConnection"]["edges"]]
    paged = supplygraph.Client(*demo, page_size=7).risk_exposure("HIT", as_of=D)
    pd.testing.assert_frame_equal(r.sources, paged.sources)
    only = sg.risk_exposure("HIT", categories=["HUMAN_RIGHTS"], as_of=D)
    assert set(only.sources["category"]) == {"HUMAN_RIGHTS"}


def test_impact_and_paths(demo: tuple[str, str], sg: supplygraph.Client) -> None:
    src = sg.risk_exposure("HIT", as_of=D).sources["company"].iloc[0]
    i = sg.impact(src, as_of=D)
    d = gql(demo, f'{{ impact(source: "{src}", asOf: "2026-06-01") {{ affected {{ company {{ id }} distance weight }} buyers {{ id }} }} }}')
    assert [(a["company"]["id"], a["distance"]) for a in d["impact"]["affected"]] == list(zip(i.affected["company"], i.affected["distance"]))
    assert list(i.buyers["company"]) == [b["id"] for b in d["impact"]["buyers"]]
    p = sg.risk_paths(src, "HIT", as_of=D, limit=3)
    d = gql(demo, f'{{ riskPaths(from: "{src}", to: "HIT", asOf: "2026-06-01", limit: 3) {{ nodes {{ id }} weight }} }}')
    assert list(p["path"]) == [[n["id"] for n in x["nodes"]] for x in d["riskPaths"]]


def test_supply_chain(demo: tuple[str, str], sg: supplygraph.Client) -> None:
    s = sg.supply_chain("HIT", as_of=D)  # the code HIT issues
    assert s.code == "HIT-SPG"
    d = gql(demo, '{ supplyChain(focal: "HIT", asOf: "2026-06-01") { nodes { id tier } edges { source target } } }')
    g = s.graph()
    assert {n["id"]: n["tier"] for n in d["supplyChain"]["nodes"]} == dict(g.nodes(data="tier"))
    assert {(e["source"], e["target"]) for e in d["supplyChain"]["edges"]} == set(g.edges())
    c = sg.cascade("HIT", "HIT-SPG", as_of=D).entries.set_index("company")
    for n, a in g.nodes(data=True):
        if n != "HIT":
            assert (a["status"], a["reached"]) == (c.at[n, "status"], c.at[n, "reached"])
    # a company that issues no code: chain, tiers and exposure without status
    plain = sg.supply_chain("SPESSART-DE", as_of=D)
    assert plain.code is None and plain.nodes["status"].isna().all()
    view = sg.supply_chain("SPESSART-DE", "HIT-SPG", as_of=D)
    pd.testing.assert_frame_equal(plain.nodes[["company", "tier", "exposure"]], view.nodes[["company", "tier", "exposure"]])
    pd.testing.assert_frame_equal(plain.edges, view.edges)


def test_entities(sg: supplygraph.Client) -> None:
    assert sg.company("NOPE") is None
    hit = sg.company("HIT")
    assert hit is not None and hit.name == "Hitachi Group" and len(hit.suppliers) >= 24
    every = supplygraph.Client(sg.url, sg._http.headers["authorization"][7:], page_size=100).companies()
    assert len(every) == 412 and every["id"].is_unique


def test_errors(demo: tuple[str, str], sg: supplygraph.Client) -> None:
    with pytest.raises(supplygraph.NotFound):
        sg.cascade("NOPE", "HIT-SPG")
    with pytest.raises(supplygraph.BadInput, match="maxDepth"):
        sg.cascade("HIT", "HIT-SPG", max_depth=30)
    with pytest.raises(supplygraph.BadInput, match="maxDepth"):
        sg._cascade_export("HIT", "HIT-SPG", D, 30)
    with pytest.raises(supplygraph.Unauthenticated):
        supplygraph.Client(demo[0], "sgk_wrong").cascade("HIT", "HIT-SPG")
    viewer = gql(demo, 'mutation { createApiKey(name: "pytest viewer", role: VIEWER) { key } }')["createApiKey"]["key"]
    with pytest.raises(supplygraph.Forbidden):
        supplygraph.Client(demo[0], viewer).query('mutation { closeFindings(ids: ["FND-0001"], closed: "2026-07-01") { updated } }')
    # a supplier-scoped key sees its upstream only, in the export as in GraphQL
    scoped = gql(demo, 'mutation { createApiKey(name: "pytest scoped", role: VIEWER, company: "SPESSART-DE") { key } }')["createApiKey"]["key"]
    sc = supplygraph.Client(demo[0], scoped)
    with pytest.raises(supplygraph.NotFound):
        sc.cascade("HIT", "HIT-SPG", as_of=D)
    mine = sc.cascade("SPESSART-DE", "HIT-SPG", as_of=D)
    pd.testing.assert_frame_equal(mine.entries, sc._cascade_graphql("SPESSART-DE", "HIT-SPG", D, None).entries)
    with pytest.raises(supplygraph.Unavailable):
        supplygraph.Client("http://127.0.0.1:9/graphql", "k").query("{ ok }")


def test_clauses_and_remediation(demo: tuple[str, str], sg: supplygraph.Client) -> None:
    cc = sg.clause_coverage("HIT", "HIT-SPG", clauses=["A-(7)"], as_of=D)
    d = gql(demo, """{ clauseCoverage(focal: "HIT", code: "HIT-SPG", clauses: ["A-(7)"], asOf: "2026-06-01") {
        clauses { clause { id title } tiers { tier companies committed coveredNotCommitted } } } }""")["clauseCoverage"]
    tiers = d["clauses"][0]["tiers"]
    assert list(cc.tiers["tier"]) == [t["tier"] for t in tiers]
    assert list(cc.tiers["committed"]) == [t["committed"] for t in tiers]
    assert set(cc.tiers["title"]) == {"Land Rights"}
    assert all(len(u) == n - c for u, n, c in zip(cc.tiers["uncommitted"], cc.tiers["companies"], cc.tiers["committed"]))

    rem = sg.remediation("HIT", "HIT-SPG", as_of=D)
    d = gql(demo, """{ remediation(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") {
        overdueActions findings { finding { id } route { weight } } } }""")["remediation"]
    assert list(rem.findings["finding"]) == [f["finding"]["id"] for f in d["findings"]]
    assert int(rem.actions["overdue"].sum()) == d["overdueActions"]
    routed = rem.findings[rem.findings["route"].map(len) > 0]
    assert all(r[-1] == "HIT" for r in routed["route"])


def test_minerals_report_equals_graphql(demo: tuple[str, str], sg: supplygraph.Client) -> None:
    # the demo's declarations and RMAP statuses (seed/demo/minerals) are loaded as make run loads them
    m = sg.minerals_report("HIT", "TIN", as_of=D)
    d = gql(demo, """{ mineralsReport(focal: "HIT", metal: "TIN", asOf: "2026-06-01") {
        tiers { tier companies current stale none rate }
        suppliers { company { id } tier state declaration { id } }
        responseRate responseRateText allSmeltersIdentified conformantShare
        smelters { company { id } rmapStatus disclosed tier namedBy { id } }
        contradictions { kind declarer { id } supplier { id } smelter { id } } } }""")["mineralsReport"]
    assert (m.as_of, m.max_depth, m.valid_days) == (D, 10, 365)
    assert m.tiers.to_dict("records") == d["tiers"]
    declaration = [None if pd.isna(x) else x for x in m.suppliers["declaration"]]
    assert list(zip(m.suppliers["company"], m.suppliers["tier"], m.suppliers["state"], declaration)) == [
        (s["company"]["id"], s["tier"], s["state"], s["declaration"]["id"] if s["declaration"] else None) for s in d["suppliers"]]
    assert (m.response_rate, m.response_rate_text, m.all_smelters_identified, m.conformant_share) == (
        d["responseRate"], d["responseRateText"], d["allSmeltersIdentified"], d["conformantShare"])
    assert [(r.smelter, r.rmap_status, r.disclosed, None if pd.isna(r.tier) else r.tier, r.named_by)
            for r in m.smelters.itertuples()] == [
        (s["company"]["id"], s["rmapStatus"], s["disclosed"], s["tier"], [n["id"] for n in s["namedBy"]]) for s in d["smelters"]]
    assert list(zip(m.contradictions["kind"], m.contradictions["declarer"], m.contradictions["supplier"],
                    [None if pd.isna(x) else x for x in m.contradictions["smelter"]])) == [
        (c["kind"], c["declarer"]["id"], c["supplier"]["id"], c["smelter"]["id"] if c["smelter"] else None)
        for c in d["contradictions"]]
    # the demo's declarations make a report worth reading: tier 1 current, stale and silent,
    # overstated answers the graph contradicts, smelters named by the partners
    assert set(m.suppliers["state"]) == {"CURRENT", "STALE", "NONE"}
    assert {"RESPONSE_RATE", "SMELTER_MISSING"} <= set(m.contradictions["kind"])
    assert m.smelters["named_by"].map(len).sum() > 0
    # TIN's contradiction kinds other than SMELTER_MISSING name no smelter
    assert m.contradictions[m.contradictions["kind"] != "SMELTER_MISSING"]["smelter"].isna().all()
    cobalt = sg.minerals_report("HIT", "COBALT", as_of=D, max_depth=3, valid_days=730)
    assert (cobalt.max_depth, cobalt.valid_days) == (3, 730)
    assert (cobalt.suppliers["declaration"].dropna().str.contains(":EMRT:")).all()
    with pytest.raises(supplygraph.BadInput):
        sg.minerals_report("HIT", "ZINC", as_of=D)


def test_due_diligence_report(demo: tuple[str, str], sg: supplygraph.Client) -> None:
    df = sg.due_diligence_report("HIT", "HIT-SPG", date(2025, 6, 1), D)
    assert list(df.columns) == ["section", "tier", "category", "clause", "measure", "from", "to", "change", "ids", "detail"]
    d = gql(demo, """{ dueDiligenceReport(focal: "HIT", code: "HIT-SPG", from: "2025-06-01", to: "2026-06-01") {
        actions { overdue } clauses { clause { id } committedTo } } }""")["dueDiligenceReport"]
    overdue = df[(df["section"] == "actions") & (df["measure"] == "overdue")]["to"]
    assert list(overdue) == [str(d["actions"]["overdue"])]
    committed = df[df["section"] == "clauses"].set_index("clause")["to"].astype(int).to_dict()
    assert committed == {c["clause"]["id"]: c["committedTo"] for c in d["clauses"]}
    assert sg.due_diligence_report("HIT", "HIT-SPG", date(2025, 6, 1), D, xlsx=True)[:2] == b"PK"
    with pytest.raises(supplygraph.BadInput):
        sg.due_diligence_report("HIT", "HIT-SPG", D, D)
