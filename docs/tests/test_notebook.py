"""docs/notebooks/cascade-and-risk.ipynb runs from start to end against the
demo, and every number it prints is the API's own answer (plain GraphQL)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import nbclient
import nbformat
import pytest

from conftest import server

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "cascade-and-risk.ipynb"


def gql(url: str, key: str, query: str) -> dict[str, Any]:
    body = httpx.post(url, json={"query": query}, headers={"Authorization": f"Bearer {key}"}, timeout=60).json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


def test_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    url, key = server("demo")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    monkeypatch.setenv("SUPPLYGRAPH_URL", url)
    monkeypatch.setenv("SUPPLYGRAPH_API_KEY", key)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs if o.output_type == "stream" and o.name == "stdout")
    assert any("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs), \
        "the coverage chart was not drawn"

    d = gql(url, key, """{
      cascade(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") { tiers { tier companies covered coverage reached } }
      uncoveredTiers(focal: "HIT", code: "HIT-SPG", threshold: 0.8, asOf: "2026-06-01") {
        firstUncoveredTier tiers { tier coverage openEnds ackGap visibilityGap } }
      riskExposure(focal: "HIT", asOf: "2026-06-01") {
        sourcesConnection { totalCount edges { node { source { id category company { id } } score path { id } } } }
        byPartner { partner { id } count maxScore } } }""")

    want = [f"Tier {t['tier']}: {t['covered']} of {t['companies']} companies covered ({t['coverage']:.0%}), "
            f"{t['reached']} reached by the request" for t in d["cascade"]["tiers"]]
    assert re.findall(r"^Tier \d+: \d+ of .*$", printed, re.M) == want

    u = d["uncoveredTiers"]
    assert f"First tier that falls short: {u['firstUncoveredTier']}\n" in printed
    got = re.findall(r"^Tier (\d+): coverage (\d+)%, (\d+) open ends: (.*)$", printed, re.M)
    assert got == [(str(t["tier"]), f"{t['coverage']:.0%}"[:-1], str(t["openEnds"]),
                    ", ".join(r for r, g in (("acknowledgment gap", t["ackGap"]), ("visibility gap", t["visibilityGap"])) if g) or "fine")
                   for t in u["tiers"]]

    sc = d["riskExposure"]["sourcesConnection"]
    assert f"{sc['totalCount']} active risks reach HIT\n" in printed
    top = [e["node"] for e in sc["edges"][:5]]
    assert re.findall(r"^\d\. (.*)$", printed, re.M) == [
        f"{n['source']['id']} ({n['source']['category']} at {n['source']['company']['id']}), score {n['score']:.3f}: "
        + " -> ".join(p["id"] for p in n["path"]) for n in top]

    partners = sorted(d["riskExposure"]["byPartner"], key=lambda p: (-p["count"], -p["maxScore"]))[:10]
    got = re.findall(r"^(\S+) \(.*\): (\d+) risks, highest score ([\d.]+)$", printed, re.M)
    assert got == [(p["partner"]["id"], str(p["count"]), f"{p['maxScore']:.3f}") for p in partners]

    smelter = next(e["node"]["source"]["company"]["id"] for e in sc["edges"]
                   if e["node"]["source"]["category"] == "RESPONSIBLE_MINERALS")
    i = gql(url, key, f'{{ impact(source: "{smelter}", asOf: "2026-06-01") {{ affectedConnection {{ totalCount }} buyers {{ id }} }} }}')["impact"]
    assert (f"A disruption at {smelter} reaches {i['affectedConnection']['totalCount']} companies, "
            f"{len(i['buyers'])} of them buyers: {', '.join(b['id'] for b in i['buyers'])}\n") in printed

    c = gql(url, key, '{ chainView(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") { nodes { id } sources } }')["chainView"]
    assert f"The chain has {len(c['nodes'])} companies and {len(c['sources'])} supply relations\n" in printed
