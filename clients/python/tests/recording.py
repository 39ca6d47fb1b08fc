"""Recorded answers: a transport that records a real server's answers, and
one that replays them (the unit tests run without a server).

Record again after changing the client's queries or the schema, against the
demo data as ``make run`` loads it (with its declarations and RMAP statuses)::

    SUPPLYGRAPH_URL=http://127.0.0.1:8080/graphql SUPPLYGRAPH_API_KEY=$(cat .data/local-admin.key) \\
      .data/venv/bin/python clients/python/tests/recording.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

RECORDED = Path(__file__).with_name("recorded") / "demo.json"
AS_OF = "2026-06-01"


def _key(request: httpx.Request) -> str:
    body = json.loads(request.content) if request.content else None
    return json.dumps([request.method, request.url.path, sorted(request.url.params.multi_items()), body], sort_keys=True)


class Recorder(httpx.BaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.answers: dict[str, dict[str, Any]] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        r = self.inner.handle_request(request)
        r.read()
        self.answers[_key(request)] = {"status": r.status_code, "content_type": r.headers.get("content-type", ""),
                                       "body": r.content.decode()}
        return httpx.Response(r.status_code, headers={"content-type": r.headers.get("content-type", "")}, content=r.content)


class Replayer(httpx.BaseTransport):
    def __init__(self, path: Path = RECORDED) -> None:
        self.answers = json.loads(path.read_text())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        a = self.answers.get(_key(request))
        if a is None:
            raise AssertionError(f"no recorded answer for {_key(request)}")
        return httpx.Response(a["status"], headers={"content-type": a["content_type"]}, content=a["body"].encode())


def calls(sg: Any) -> None:
    """The calls the unit tests replay (demo data)."""
    from datetime import date

    import supplygraph

    d = date.fromisoformat(AS_OF)
    sg.cascade("SPESSART-DE", "HIT-SPG", as_of=d)
    sg._cascade_graphql("SPESSART-DE", "HIT-SPG", d, None)
    sg.uncovered_tiers("SPESSART-DE", "HIT-SPG", threshold=0.8, as_of=d)
    sg.risk_exposure("SPESSART-DE", as_of=d)
    sg.risk_paths("BIESZCZADY-PL", "SPESSART-DE", as_of=d)
    sg.impact("BIESZCZADY-PL", as_of=d)
    sg.supply_chain("SPESSART-DE", "HIT-SPG", as_of=d)
    sg.minerals_report("HIT", "TIN", as_of=d)
    sg.company("SPESSART-DE")
    sg.companies("sp")
    for bad in (lambda: sg.cascade("NOPE", "HIT-SPG", as_of=d),
                lambda: sg.risk_paths("SPESSART-DE", "HIT", limit=0, as_of=d),
                lambda: sg.query('{ a: riskPaths(from: "NOPE", to: "HIT", asOf: "2026-06-01") { hops } '
                                 'b: company(id: "HIT") { name } }')):
        try:
            bad()
        except supplygraph.SupplyGraphError:
            pass


if __name__ == "__main__":
    import supplygraph

    rec = Recorder()
    calls(supplygraph.Client(page_size=20, transport=rec))
    RECORDED.parent.mkdir(exist_ok=True)
    RECORDED.write_text(json.dumps(rec.answers, indent=1, sort_keys=True) + "\n")
    print(f"{len(rec.answers)} answers recorded in {RECORDED}")
