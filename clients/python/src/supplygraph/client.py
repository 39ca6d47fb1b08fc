"""The client: one method per analysis question, answers as pandas DataFrames."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

import httpx
import pandas as pd

from . import errors
from .errors import NoKey, SupplyGraphError

if TYPE_CHECKING:  # networkx is an optional extra: pip install 'supplygraph[graph]'
    import networkx

#: The endpoint of ``make run``.
DEFAULT_URL = "http://127.0.0.1:8080/graphql"
#: Where ``make run`` keeps its local admin key, relative to the repository root.
LOCAL_KEY_FILE = Path(".data") / "local-admin.key"


def find_local_key(start: Path | None = None) -> Path | None:
    """The key file ``make run`` writes (``.data/local-admin.key``), looked for
    in ``start`` (default: the working directory) and each directory above it,
    so that a notebook anywhere in the repository finds it."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        p = d / LOCAL_KEY_FILE
        if p.is_file():
            return p
    return None


def _today() -> date:
    # The server's default asOf is today in UTC; the client fixes it once so
    # that every page of one answer is of the same day.
    return datetime.now(timezone.utc).date()


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _ids(companies: Iterable[Mapping[str, Any]] | None) -> list[str]:
    return [c["id"] for c in companies or ()]


def _frame(columns: Mapping[str, list[Any]]) -> pd.DataFrame:
    return pd.DataFrame(dict(columns))


@dataclass
class Cascade:
    """How far a code of conduct has cascaded through a focal company's chain.

    ``tiers``: one row per tier (``tier, companies, covered, stale, pending,
    not_requested, reached, coverage``). ``entries``: one row per company of
    the chain, by tier then id (``company, name, kind, country, tier, status,
    reached, requested_by`` (list of ids), and the acknowledgment shown:
    ``ack_code, ack_edition, ack_date, ack_signatory, ack_current``, empty
    when there is none).
    """

    focal: str
    code: str
    as_of: date
    tiers: pd.DataFrame
    entries: pd.DataFrame


@dataclass
class UncoveredTiers:
    """Which tiers of the chain are uncovered (docs/analysis.md, uncoveredTiers).

    ``tiers``: one row per tier (``tier, companies, covered, coverage,
    open_ends, ack_gap, visibility_gap, uncovered``, and
    ``uncovered_companies`` and ``open_end_companies`` as lists of ids).
    """

    focal: str
    code: str
    as_of: date
    threshold: float | None
    tiers: pd.DataFrame
    first_uncovered_tier: int | None
    truncated: bool


@dataclass
class RiskExposure:
    """The risks upstream of a focal company, every one of them.

    ``sources``: one row per risk source, strongest first (``source,
    category, severity, likelihood, base, derived, company, company_name,
    hops, weight, score, partner, partner_name, path`` (ids, source's company
    first, focal company last), ``declared`` (per edge of the path: a
    declared edge, a smelter named by its customer's CMRT or EMRT, rather
    than a disclosed link)). ``by_category``: ``category, count,
    max_score``. ``by_partner``: one row per tier-1 partner the risks come
    through (``partner, name, count, max_score``).
    """

    focal: str
    as_of: date
    sources: pd.DataFrame
    by_category: pd.DataFrame
    by_partner: pd.DataFrame


@dataclass
class Impact:
    """Who downstream a disruption at ``source`` reaches.

    ``affected``: one row per company, by distance then id (``company, name,
    kind, distance, weight, path`` (ids, source first)). ``buyers``: the
    buyers among them (``company, name``).
    """

    source: str
    as_of: date
    affected: pd.DataFrame
    buyers: pd.DataFrame


@dataclass
class ClauseCoverage:
    """Who in the chain committed to each clause of a code, tier by tier
    (docs/analysis.md, clauseCoverage).

    ``tiers``: one row per clause and tier (``clause, title, tier, companies,
    committed, covered_not_committed, commitment, uncommitted`` (list of
    ids)).
    """

    focal: str
    code: str
    as_of: date
    tiers: pd.DataFrame


@dataclass
class Remediation:
    """Every active finding of the chain with its actions and leverage route
    (docs/analysis.md, remediation).

    ``findings``: one row per finding, longest open first (``finding,
    category, company, tier, days_open, overdue_actions, escalation, route``
    (ids, the finding's company first; empty without a route),
    ``route_weight``, ``blockers`` (ids)). ``actions``: one row per action
    (``finding, action, kind, responsible, due, status, status_on_date,
    overdue, days_overdue, level``).
    """

    focal: str
    code: str
    as_of: date
    findings: pd.DataFrame
    actions: pd.DataFrame


@dataclass
class MineralsReport:
    """The minerals roll-up of one metal for ``focal``'s chain: who has
    declared, the consolidated smelter list and the contradictions
    (docs/analysis.md, "Minerals due diligence").

    ``tiers``: one row per tier with relevant suppliers (``tier, companies,
    current, stale, none, rate``). ``suppliers``: the relevant suppliers by
    tier, then id (``company, tier, state, declaration`` (its id, None for
    NONE), ``effective``). ``smelters``: by id (``smelter, name, country,
    rmap_status`` (at ``as_of``), ``disclosed``, ``tier`` (None when not
    disclosed), ``named_by`` (list of ids)). ``contradictions``: ``kind,
    declarer, supplier, smelter`` (None but for SMELTER_MISSING).
    ``response_rate`` is the focal company's answer to its template's
    response-rate question (``ALL``, ..., ``NONE``), ``response_rate_text``
    as the template writes it; ``conformant_share`` is None when the smelter
    list is empty.
    """

    focal: str
    metal: str
    as_of: date
    max_depth: int
    valid_days: int
    tiers: pd.DataFrame
    suppliers: pd.DataFrame
    smelters: pd.DataFrame
    contradictions: pd.DataFrame
    response_rate: str
    response_rate_text: str
    all_smelters_identified: bool
    conformant_share: float | None


@dataclass
class SupplyChain:
    """A focal company's chain as the explorer page draws it.

    ``nodes``: one row per company, the focal company first (``company, name,
    kind, tier, status, reached, open, exposure``: the cascade's status and
    reach for ``code``, the open ends of uncoveredTiers, the highest risk
    score at the company). ``edges``: one row per supplier and customer pair
    with an active link (``supplier, customer, share``). ``tiers``: the
    cascade's counts per tier with the uncoveredTiers verdict.
    ``graph()`` gives the same as a networkx ``DiGraph`` (supplier to
    customer).
    """

    focal: str
    code: str | None
    as_of: date
    nodes: pd.DataFrame
    edges: pd.DataFrame
    tiers: pd.DataFrame
    _graph: Any = field(default=None, repr=False)

    def graph(self) -> "networkx.DiGraph":
        """The chain as a ``networkx.DiGraph``: nodes keyed by company id with
        the attributes of ``nodes`` (``name, kind, tier, status, reached, open,
        exposure``), edges supplier → customer with ``share``. Needs the
        ``graph`` extra (``pip install 'supplygraph[graph]'``)."""
        if self._graph is None:
            try:
                import networkx as nx
            except ImportError as e:  # pragma: no cover - depends on the environment
                raise ImportError(
                    "SupplyChain.graph() needs networkx: pip install 'supplygraph[graph]'"
                ) from e
            g = nx.DiGraph(focal=self.focal, code=self.code, as_of=self.as_of)
            for rec in self.nodes.to_dict("records"):
                row = {str(k): v for k, v in rec.items()}
                row["status"] = None if pd.isna(row["status"]) else row["status"]
                g.add_node(row.pop("company"), **row)
            for s, t, share in self.edges.itertuples(index=False):
                g.add_edge(s, t, share=None if pd.isna(share) else float(share))
            self._graph = g
        return self._graph


@dataclass
class Company:
    """One company: ``info`` (its fields), its ``suppliers`` and ``customers``
    (one row per supply link: ``company, name, kind, material, share, since,
    until``), ``facilities`` and ``findings``."""

    info: dict[str, Any]
    suppliers: pd.DataFrame
    customers: pd.DataFrame
    facilities: pd.DataFrame
    findings: pd.DataFrame

    @property
    def id(self) -> str:
        return str(self.info["id"])

    @property
    def name(self) -> str:
        return str(self.info["name"])


#: The columns of GET /api/export/cascade, as Cascade.entries has them.
CSV_COLUMNS = ["company", "name", "kind", "country", "tier", "status", "reached", "requested_by",
               "ack_code", "ack_edition", "ack_date", "ack_signatory", "ack_current"]

_PAGE = "pageInfo { hasNextPage endCursor } totalCount"
_CO = "id name kind"

_CASCADE = f"""
query Cascade($focal: ID!, $code: ID!, $maxDepth: Int, $asOf: Date, $first: Int, $after: String) {{
  cascade(focal: $focal, code: $code, maxDepth: $maxDepth, asOf: $asOf) {{
    tiers {{ tier companies covered stale pending notRequested reached coverage }}
    entries(first: $first, after: $after) {{ {_PAGE}
      edges {{ node {{ company {{ {_CO} country }} tier status reached requestedBy {{ id }}
        acknowledgment {{ code {{ id }} edition date signatory current }} }} }} }}
  }}
}}"""

_TIERS = """
query CascadeTiers($focal: ID!, $code: ID!, $maxDepth: Int, $asOf: Date) {
  cascade(focal: $focal, code: $code, maxDepth: $maxDepth, asOf: $asOf) {
    tiers { tier companies covered stale pending notRequested reached coverage }
  }
}"""

_UNCOVERED = """
query UncoveredTiers($focal: ID!, $code: ID!, $threshold: Float, $maxDepth: Int, $asOf: Date) {
  uncoveredTiers(focal: $focal, code: $code, threshold: $threshold, maxDepth: $maxDepth, asOf: $asOf) {
    firstUncoveredTier truncated
    tiers { tier companies covered coverage openEnds ackGap visibilityGap uncovered
      uncoveredCompanies { pageInfo { hasNextPage } edges { node { id } } }
      openEndCompanies { pageInfo { hasNextPage } edges { node { id } } } }
  }
}"""

_RISK = f"""
query RiskExposure($focal: ID!, $categories: [RiskCategory!], $attenuation: Float, $maxDepth: Int,
                   $asOf: Date, $first: Int, $after: String) {{
  riskExposure(focal: $focal, categories: $categories, attenuation: $attenuation, maxDepth: $maxDepth, asOf: $asOf) {{
    byCategory {{ category count maxScore }}
    byPartner {{ partner {{ id name }} count maxScore }}
    sourcesConnection(first: $first, after: $after) {{ {_PAGE}
      edges {{ node {{ source {{ id category severity likelihood base derived company {{ id name }} }}
        path {{ id }} declared hops weight score partner {{ id name }} }} }} }}
  }}
}}"""

_CLAUSES = """
query ClauseCoverage($focal: ID!, $code: ID!, $clauses: [ID!], $maxDepth: Int, $asOf: Date) {
  clauseCoverage(focal: $focal, code: $code, clauses: $clauses, maxDepth: $maxDepth, asOf: $asOf) {
    clauses { clause { id title }
      tiers { tier companies committed coveredNotCommitted commitment uncommitted { edges { node { id } } } } }
  }
}"""

_REMEDIATION = """
query Remediation($focal: ID!, $code: ID!, $attenuation: Float, $maxDepth: Int, $asOf: Date) {
  remediation(focal: $focal, code: $code, attenuation: $attenuation, maxDepth: $maxDepth, asOf: $asOf) {
    findings { finding { id category } company { id } tier daysOpen overdueActions escalation
      route { path { id } weight } blockers { id }
      actions { action { id kind responsible { id } due status level } statusOnDate overdue daysOverdue } }
  }
}"""

_MINERALS = """
query MineralsReport($focal: ID!, $metal: String!, $asOf: Date, $maxDepth: Int, $validDays: Int) {
  mineralsReport(focal: $focal, metal: $metal, asOf: $asOf, maxDepth: $maxDepth, validDays: $validDays) {
    asOf maxDepth validDays
    tiers { tier companies current stale none rate }
    suppliers { company { id } tier state declaration { id effective } }
    responseRate responseRateText allSmeltersIdentified conformantShare
    smelters { company { id name country } rmapStatus disclosed tier namedBy { id } }
    contradictions { kind declarer { id } supplier { id } smelter { id } }
  }
}"""

_PATHS = """
query RiskPaths($from: ID!, $to: ID!, $attenuation: Float, $maxDepth: Int, $limit: Int, $asOf: Date) {
  riskPaths(from: $from, to: $to, attenuation: $attenuation, maxDepth: $maxDepth, limit: $limit, asOf: $asOf) {
    nodes { id } hops weight
  }
}"""

_IMPACT = f"""
query Impact($source: ID!, $attenuation: Float, $maxDepth: Int, $asOf: Date, $first: Int, $after: String) {{
  impact(source: $source, attenuation: $attenuation, maxDepth: $maxDepth, asOf: $asOf) {{
    buyers {{ id name }}
    affectedConnection(first: $first, after: $after) {{ {_PAGE}
      edges {{ node {{ company {{ {_CO} }} distance weight path {{ id }} }} }} }}
  }}
}}"""

_VIEW = """
query ChainView($focal: ID!, $code: ID!, $maxDepth: Int, $asOf: Date, $threshold: Float) {
  chainView(focal: $focal, code: $code, maxDepth: $maxDepth, asOf: $asOf, threshold: $threshold) {
    columns { ids names kinds tiers statuses reached open exposure }
    sources targets shares
    tiers { tier companies covered stale pending notRequested reached coverage
            openEnds ackGap visibilityGap uncovered }
    risksComplete
  }
}"""

_ISSUED = """query Codes { codesOfConduct { id issuer { id } } }"""

_CHAIN = """
query SupplyChain($focal: ID!, $maxDepth: Int, $asOf: Date) {
  supplyChain(focal: $focal, maxDepth: $maxDepth, asOf: $asOf) {
    nodes { id tier company { name kind } }
    edges { source target share }
  }
}"""

_COMPANY = """
query Company($id: ID!) {
  company(id: $id) {
    id name kind country disclosure metal rmiId rmapStatus
    facilities { id name type country }
    findings { id category severity likelihood base status source detected closed description
               subject { __typename ... on Facility { id } } }
  }
}"""

_PARTNERS = """
query Partners($id: ID!, $asOf: Date, $first: Int, $after: String) {
  company(id: $id) {
    %s(first: $first, after: $after, asOf: $asOf) {
      pageInfo { hasNextPage endCursor } totalCount
      edges { node { id name kind } links { material share since until } }
    }
  }
}"""

_COMPANIES = """
query Companies($search: String, $kind: CompanyKind, $country: String, $first: Int, $after: String) {
  companies(search: $search, kind: $kind, country: $country, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } totalCount
    edges { node { id name kind country disclosure metal rmiId rmapStatus } }
  }
}"""


class Client:
    """A connection to a supplygraph server.

    ``url`` is the GraphQL endpoint; default ``$SUPPLYGRAPH_URL``, else
    ``http://127.0.0.1:8080/graphql`` (``make run``). ``key`` is the API key;
    default ``$SUPPLYGRAPH_API_KEY``, else the local admin key that ``make
    run`` writes to ``.data/local-admin.key`` (looked for from the working
    directory upwards). Without any, :class:`~supplygraph.errors.NoKey` says
    where to get one.

    ``page_size`` is how many entries each request of a long list asks for
    (``first``); ``None`` (the default) asks for every entry at once, as the
    server allows for the lists an analysis has computed; the client follows
    ``pageInfo`` either way, so every answer holds every entry. ``timeout``
    is in seconds. ``transport`` replaces the HTTP transport (tests).

    Every method raises a subclass of
    :class:`~supplygraph.errors.SupplyGraphError` when the server answers an
    error (``NotFound``, ``BadInput``, ``Forbidden``, ``Unauthenticated``,
    ``Unavailable``, ``Timeout``).

    >>> sg = Client()                                   # doctest: +SKIP
    >>> sg.cascade("HIT", "HIT-SPG").tiers              # doctest: +SKIP
    """

    def __init__(
        self,
        url: str | None = None,
        key: str | None = None,
        *,
        page_size: int | None = None,
        timeout: float = 120.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url or os.environ.get("SUPPLYGRAPH_URL") or DEFAULT_URL
        if key is None:
            key = os.environ.get("SUPPLYGRAPH_API_KEY") or None
        if key is None:
            path = find_local_key()
            if path is not None:
                key = path.read_text().strip() or None
        if not key:
            raise NoKey(
                "no API key: pass Client(key=...), set SUPPLYGRAPH_API_KEY, or run `make run` "
                f"in the repository (it writes its local admin key to {LOCAL_KEY_FILE}); "
                "operators create keys with `supplygraph apikey create` (docs/operations.md)"
            )
        if page_size is not None and not 1 <= page_size <= 1000:
            raise ValueError(f"page_size must be between 1 and 1000 or None, got {page_size}")
        self.page_size = page_size
        self._http = httpx.Client(
            headers={"Authorization": f"Bearer {key}", "Accept": "application/json"},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        """Closes the HTTP connections."""
        self._http.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Client(url={self.url!r})"

    # --- raw GraphQL ---------------------------------------------------

    def query(self, text: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Runs a GraphQL query (or mutation) and returns its ``data``.

        Any error raises; the exception's ``data`` holds the parts of the
        answer that did not fail, ``errors`` every error. ``datetime.date``
        values among ``variables`` are sent as ``"YYYY-MM-DD"``.
        """
        body: dict[str, Any] = {"query": text}
        if variables:
            body["variables"] = {k: _jsonable(v) for k, v in variables.items()}
        try:
            r = self._http.post(self.url, json=body)
        except httpx.TimeoutException as e:
            raise errors.Timeout(f"no answer from {self.url} in time: {e}") from e
        except httpx.TransportError as e:
            raise errors.Unavailable(
                f"cannot reach {self.url}: {e} (is the server running? `make run` starts one)"
            ) from e
        try:
            answer = r.json()
        except ValueError:
            raise errors.from_status(r.status_code, r.text) from None
        if not isinstance(answer, dict):
            raise errors.from_status(r.status_code, r.text)
        if answer.get("errors"):
            raise errors.from_graphql(answer["errors"], r.status_code, answer.get("data"))
        if r.status_code != 200 or not isinstance(answer.get("data"), dict):
            raise errors.from_status(r.status_code, r.text)
        return answer["data"]

    def _pages(
        self, text: str, variables: dict[str, Any], path: Sequence[str], page_size: int | None = None
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """Yields (data, connection) for every page of the connection at
        path, asking for page_size entries (default: the client's)."""
        after: str | None = None
        first = page_size or self.page_size
        while True:
            data = self.query(text, {**variables, "first": first, "after": after})
            conn: Any = data
            for p in path:
                conn = conn[p]
                if conn is None:
                    raise SupplyGraphError(f"the answer has no {'.'.join(path)}")
            yield data, conn
            info = conn["pageInfo"]
            if not info["hasNextPage"]:
                return
            after = info["endCursor"]

    # --- analysis questions --------------------------------------------

    def cascade(
        self, focal: str, code: str, *, as_of: date | None = None, max_depth: int | None = None
    ) -> Cascade:
        """How far acknowledgment of ``code`` has cascaded through ``focal``'s
        chain at ``as_of`` (default today, UTC): ``.tiers`` and ``.entries``
        (every company of the chain). See :class:`Cascade`."""
        as_of = as_of or _today()
        for _ in range(3):
            entries = self._cascade_export(focal, code, as_of, max_depth)
            if entries is None:  # a server without the export: GraphQL pages
                return self._cascade_graphql(focal, code, as_of, max_depth)
            tiers = _tiers_frame(self.query(_TIERS, {"focal": focal, "code": code, "maxDepth": max_depth,
                                                     "asOf": as_of})["cascade"]["tiers"])
            # Two requests: if the data changed between them, ask again.
            if entries.groupby("tier").size().to_dict() == dict(zip(tiers["tier"], tiers["companies"])):
                return Cascade(focal, code, as_of, tiers, entries)
        raise errors.Unavailable("the data kept changing while the cascade was read; ask again")

    def _cascade_export(self, focal: str, code: str, as_of: date, max_depth: int | None) -> pd.DataFrame | None:
        """Every entry of the cascade from GET /api/export/cascade (one CSV
        table; docs/api.md), or None when the server has no such endpoint."""
        params: dict[str, str] = {"focal": focal, "code": code, "asOf": as_of.isoformat()}
        if max_depth is not None:
            params["maxDepth"] = str(max_depth)
        r = self._get(httpx.URL(self.url).join("api/export/cascade"), params)
        if r.status_code == 404 and not r.headers.get("content-type", "").startswith("application/json"):
            return None
        if r.status_code != 200:
            raise _api_error(r)
        optional = ["country", "ack_code", "ack_edition", "ack_date", "ack_signatory", "ack_current"]
        dtypes: dict[str, Any] = {c: str for c in CSV_COLUMNS}
        dtypes.update(tier="int64", ack_edition="Int64")
        df = pd.read_csv(io.BytesIO(r.content), keep_default_na=False, na_values={c: [""] for c in optional},
                         dtype=dtypes)
        if list(df.columns) != CSV_COLUMNS:
            raise SupplyGraphError(f"the export's columns are {list(df.columns)}, want {CSV_COLUMNS}")
        df["reached"] = df["reached"] == "true"
        df["requested_by"] = df["requested_by"].str.split().astype(object)
        # A chain has few distinct acknowledgment dates: parse each once.
        dates = {s: date.fromisoformat(s) for s in df["ack_date"].dropna().unique()}
        df["ack_date"] = df["ack_date"].map(dates).astype(object).where(df["ack_date"].notna(), None)
        df["ack_current"] = df["ack_current"].map({"true": True, "false": False}).astype("boolean")
        return df

    def _cascade_graphql(self, focal: str, code: str, as_of: date, max_depth: int | None) -> Cascade:
        """The cascade through GraphQL alone, paging cascade.entries."""
        v = {"focal": focal, "code": code, "maxDepth": max_depth, "asOf": as_of}
        tiers: list[dict[str, Any]] = []
        cols: dict[str, list[Any]] = {k: [] for k in (
            "company", "name", "kind", "country", "tier", "status", "reached", "requested_by",
            "ack_code", "ack_edition", "ack_date", "ack_signatory", "ack_current")}
        for data, conn in self._pages(_CASCADE, v, ("cascade", "entries")):
            tiers = tiers or data["cascade"]["tiers"]
            for e in conn["edges"]:
                n = e["node"]
                c = n["company"]
                a = n["acknowledgment"] or {}
                cols["company"].append(c["id"])
                cols["name"].append(c["name"])
                cols["kind"].append(c["kind"])
                cols["country"].append(c["country"])
                cols["tier"].append(n["tier"])
                cols["status"].append(n["status"])
                cols["reached"].append(n["reached"])
                cols["requested_by"].append(_ids(n["requestedBy"]))
                cols["ack_code"].append(a["code"]["id"] if a else None)
                cols["ack_edition"].append(a.get("edition"))
                cols["ack_date"].append(_date(a.get("date")))
                cols["ack_signatory"].append(a.get("signatory"))
                cols["ack_current"].append(a.get("current"))
        entries = _frame(cols)
        entries["ack_edition"] = entries["ack_edition"].astype("Int64")
        entries["ack_current"] = entries["ack_current"].astype("boolean")
        return Cascade(focal, code, as_of, _tiers_frame(tiers), entries)

    def _get(self, url: httpx.URL, params: Mapping[str, str]) -> httpx.Response:
        try:
            return self._http.get(url, params=params)
        except httpx.TimeoutException as e:
            raise errors.Timeout(f"no answer from {url} in time: {e}") from e
        except httpx.TransportError as e:
            raise errors.Unavailable(f"cannot reach {url}: {e} (is the server running? `make run` starts one)") from e

    def uncovered_tiers(
        self,
        focal: str,
        code: str,
        *,
        threshold: float | None = None,
        as_of: date | None = None,
        max_depth: int | None = None,
    ) -> UncoveredTiers:
        """Which tiers of ``focal``'s chain are uncovered: coverage of
        ``code`` below ``threshold`` (0 to 1, default 1) or suppliers not
        disclosed. See :class:`UncoveredTiers`."""
        as_of = as_of or _today()
        d = self.query(_UNCOVERED, {"focal": focal, "code": code, "threshold": threshold,
                                    "maxDepth": max_depth, "asOf": as_of})["uncoveredTiers"]
        rows = []
        for t in d["tiers"]:
            for k in ("uncoveredCompanies", "openEndCompanies"):
                if t[k]["pageInfo"]["hasNextPage"]:  # every entry was asked for
                    raise SupplyGraphError(f"uncoveredTiers: {k} of tier {t['tier']} came back cut")
            rows.append({
                "tier": t["tier"], "companies": t["companies"], "covered": t["covered"],
                "coverage": t["coverage"], "open_ends": t["openEnds"], "ack_gap": t["ackGap"],
                "visibility_gap": t["visibilityGap"], "uncovered": t["uncovered"],
                "uncovered_companies": [e["node"]["id"] for e in t["uncoveredCompanies"]["edges"]],
                "open_end_companies": [e["node"]["id"] for e in t["openEndCompanies"]["edges"]],
            })
        cols = ["tier", "companies", "covered", "coverage", "open_ends", "ack_gap", "visibility_gap",
                "uncovered", "uncovered_companies", "open_end_companies"]
        return UncoveredTiers(focal, code, as_of, threshold, pd.DataFrame(rows, columns=cols),
                              d["firstUncoveredTier"], d["truncated"])

    def risk_exposure(
        self,
        focal: str,
        *,
        categories: Sequence[str] | None = None,
        attenuation: float | None = None,
        as_of: date | None = None,
        max_depth: int | None = None,
    ) -> RiskExposure:
        """The active risks in ``focal``'s chain, every one of them, weighted
        by the best supply path to ``focal``; ``categories`` (e.g.
        ``["HUMAN_RIGHTS"]``) keeps only those. See :class:`RiskExposure`."""
        as_of = as_of or _today()
        v = {"focal": focal, "categories": list(categories) if categories else None,
             "attenuation": attenuation, "maxDepth": max_depth, "asOf": as_of}
        cols: dict[str, list[Any]] = {k: [] for k in (
            "source", "category", "severity", "likelihood", "base", "derived", "company",
            "company_name", "hops", "weight", "score", "partner", "partner_name", "path", "declared")}
        first: dict[str, Any] = {}
        for data, conn in self._pages(_RISK, v, ("riskExposure", "sourcesConnection")):
            first = first or data["riskExposure"]
            for e in conn["edges"]:
                n = e["node"]
                s = n["source"]
                cols["source"].append(s["id"])
                cols["category"].append(s["category"])
                cols["severity"].append(s["severity"])
                cols["likelihood"].append(s["likelihood"])
                cols["base"].append(s["base"])
                cols["derived"].append(s["derived"])
                cols["company"].append(s["company"]["id"])
                cols["company_name"].append(s["company"]["name"])
                cols["hops"].append(n["hops"])
                cols["weight"].append(n["weight"])
                cols["score"].append(n["score"])
                cols["partner"].append(n["partner"]["id"])
                cols["partner_name"].append(n["partner"]["name"])
                cols["path"].append(_ids(n["path"]))
                cols["declared"].append(list(n["declared"]))
        by_category = pd.DataFrame(
            [(c["category"], c["count"], c["maxScore"]) for c in first["byCategory"]],
            columns=["category", "count", "max_score"])
        by_partner = pd.DataFrame(
            [(p["partner"]["id"], p["partner"]["name"], p["count"], p["maxScore"]) for p in first["byPartner"]],
            columns=["partner", "name", "count", "max_score"])
        sources = _frame(cols).astype({"weight": float, "score": float})
        return RiskExposure(focal, as_of, sources, by_category, by_partner)

    def clause_coverage(
        self,
        focal: str,
        code: str,
        *,
        clauses: Sequence[str] | None = None,
        as_of: date | None = None,
        max_depth: int | None = None,
    ) -> ClauseCoverage:
        """Per clause of ``code`` (``clauses``: clause ids; default those in
        force in its current edition) and tier of ``focal``'s chain, who is
        committed to it. See :class:`ClauseCoverage`."""
        as_of = as_of or _today()
        d = self.query(_CLAUSES, {"focal": focal, "code": code, "clauses": list(clauses) if clauses else None,
                                  "maxDepth": max_depth, "asOf": as_of})["clauseCoverage"]
        rows = [(c["clause"]["id"], c["clause"]["title"], t["tier"], t["companies"], t["committed"],
                 t["coveredNotCommitted"], t["commitment"], [e["node"]["id"] for e in t["uncommitted"]["edges"]])
                for c in d["clauses"] for t in c["tiers"]]
        cols = ["clause", "title", "tier", "companies", "committed", "covered_not_committed", "commitment", "uncommitted"]
        return ClauseCoverage(focal, code, as_of, pd.DataFrame(rows, columns=cols).astype({"commitment": float}))

    def remediation(
        self,
        focal: str,
        code: str,
        *,
        attenuation: float | None = None,
        as_of: date | None = None,
        max_depth: int | None = None,
    ) -> Remediation:
        """Every active finding of ``focal``'s chain: its actions, what is
        overdue, its escalation and the partners through whom to push the fix
        (leverage route for ``code``). See :class:`Remediation`."""
        as_of = as_of or _today()
        d = self.query(_REMEDIATION, {"focal": focal, "code": code, "attenuation": attenuation,
                                      "maxDepth": max_depth, "asOf": as_of})["remediation"]
        findings, actions = [], []
        for f in d["findings"]:
            route = f["route"]
            findings.append((f["finding"]["id"], f["finding"]["category"], f["company"]["id"], f["tier"], f["daysOpen"],
                             f["overdueActions"], f["escalation"], _ids(route["path"]) if route else [],
                             route["weight"] if route else None, _ids(f["blockers"])))
            for a in f["actions"]:
                x = a["action"]
                actions.append((f["finding"]["id"], x["id"], x["kind"], x["responsible"]["id"], _date(x["due"]),
                                x["status"], a["statusOnDate"], a["overdue"], a["daysOverdue"], x["level"]))
        return Remediation(
            focal, code, as_of,
            pd.DataFrame(findings, columns=["finding", "category", "company", "tier", "days_open", "overdue_actions",
                                            "escalation", "route", "route_weight", "blockers"]).astype({"route_weight": float}),
            pd.DataFrame(actions, columns=["finding", "action", "kind", "responsible", "due", "status", "status_on_date",
                                           "overdue", "days_overdue", "level"]))

    def minerals_report(
        self,
        focal: str,
        metal: str,
        *,
        as_of: date | None = None,
        max_depth: int | None = None,
        valid_days: int | None = None,
    ) -> MineralsReport:
        """The roll-up of ``metal`` (TIN, TANTALUM, TUNGSTEN, GOLD; COBALT,
        MICA, ...) for ``focal``'s chain: response rate per tier, the
        consolidated smelter list with RMAP status at ``as_of``, the
        contradictions between declarations and the graph; ``valid_days``
        (default 365) is how long a declaration stays current. See
        :class:`MineralsReport`."""
        as_of = as_of or _today()
        d = self.query(_MINERALS, {"focal": focal, "metal": metal, "asOf": as_of, "maxDepth": max_depth,
                                   "validDays": valid_days})["mineralsReport"]
        tiers = pd.DataFrame([(t["tier"], t["companies"], t["current"], t["stale"], t["none"], t["rate"]) for t in d["tiers"]],
                             columns=["tier", "companies", "current", "stale", "none", "rate"]).astype({"rate": float})
        suppliers = pd.DataFrame(
            [(s["company"]["id"], s["tier"], s["state"], s["declaration"]["id"] if s["declaration"] else None,
              _date(s["declaration"]["effective"]) if s["declaration"] else None) for s in d["suppliers"]],
            columns=["company", "tier", "state", "declaration", "effective"])
        smelters = pd.DataFrame(
            [(s["company"]["id"], s["company"]["name"], s["company"]["country"], s["rmapStatus"], s["disclosed"],
              s["tier"], _ids(s["namedBy"])) for s in d["smelters"]],
            columns=["smelter", "name", "country", "rmap_status", "disclosed", "tier", "named_by"]).astype({"tier": "Int64"})
        contradictions = pd.DataFrame(
            [(c["kind"], c["declarer"]["id"], c["supplier"]["id"], c["smelter"]["id"] if c["smelter"] else None)
             for c in d["contradictions"]],
            columns=["kind", "declarer", "supplier", "smelter"])
        share = d["conformantShare"]
        return MineralsReport(focal, metal, date.fromisoformat(d["asOf"]), d["maxDepth"], d["validDays"], tiers, suppliers,
                              smelters, contradictions, d["responseRate"], d["responseRateText"], d["allSmeltersIdentified"],
                              float(share) if share is not None else None)

    def due_diligence_report(self, focal: str, code: str, from_: date, to: date, *, xlsx: bool = False) -> pd.DataFrame | bytes:
        """The period report (``from_`` < date <= ``to``) as
        ``GET /api/export/report`` writes it: a DataFrame of its CSV table
        (``section, tier, category, clause, measure, from, to, change, ids,
        detail``), or with ``xlsx=True`` the workbook's bytes."""
        params = {"focal": focal, "code": code, "from": from_.isoformat(), "to": to.isoformat(),
                  "format": "xlsx" if xlsx else "csv"}
        r = self._get(httpx.URL(self.url).join("api/export/report"), params)
        if r.status_code != 200:
            raise _api_error(r)
        if xlsx:
            return r.content
        return pd.read_csv(io.StringIO(r.text), dtype=str, keep_default_na=False)

    def risk_paths(
        self,
        from_: str,
        to: str,
        *,
        attenuation: float | None = None,
        limit: int | None = None,
        as_of: date | None = None,
        max_depth: int | None = None,
    ) -> pd.DataFrame:
        """The best supply paths from ``from_`` to ``to``, strongest first
        (``limit`` 1 to 100, default 10): one row per path (``rank, path``
        (ids, ``from_`` first), ``hops, weight``)."""
        as_of = as_of or _today()
        d = self.query(_PATHS, {"from": from_, "to": to, "attenuation": attenuation,
                                "maxDepth": max_depth, "limit": limit, "asOf": as_of})["riskPaths"]
        return pd.DataFrame(
            [(i + 1, _ids(p["nodes"]), p["hops"], p["weight"]) for i, p in enumerate(d)],
            columns=["rank", "path", "hops", "weight"]).astype({"weight": float})

    def impact(
        self,
        source: str,
        *,
        attenuation: float | None = None,
        as_of: date | None = None,
        max_depth: int | None = None,
    ) -> Impact:
        """Every company downstream of ``source`` (who would feel a
        disruption there), with its best path, and the buyers among them.
        See :class:`Impact`."""
        as_of = as_of or _today()
        v = {"source": source, "attenuation": attenuation, "maxDepth": max_depth, "asOf": as_of}
        cols: dict[str, list[Any]] = {k: [] for k in ("company", "name", "kind", "distance", "weight", "path")}
        buyers: list[dict[str, Any]] = []
        for data, conn in self._pages(_IMPACT, v, ("impact", "affectedConnection")):
            buyers = data["impact"]["buyers"]
            for e in conn["edges"]:
                n = e["node"]
                cols["company"].append(n["company"]["id"])
                cols["name"].append(n["company"]["name"])
                cols["kind"].append(n["company"]["kind"])
                cols["distance"].append(n["distance"])
                cols["weight"].append(n["weight"])
                cols["path"].append(_ids(n["path"]))
        return Impact(source, as_of, _frame(cols).astype({"weight": float}),
                      pd.DataFrame([(b["id"], b["name"]) for b in buyers], columns=["company", "name"]))

    def supply_chain(
        self,
        focal: str,
        code: str | None = None,
        *,
        threshold: float | None = None,
        as_of: date | None = None,
        max_depth: int | None = None,
    ) -> SupplyChain:
        """``focal``'s chain with what the explorer page colours it by, in one
        request (``chainView``): tier, kind, the cascade's status and reach
        for ``code`` (default: the code ``focal`` issues), open ends at
        ``threshold``, risk exposure. ``.graph()`` is the networkx
        ``DiGraph``. A company that issues no code and is given none gets its
        chain, tiers and exposure, without status and reach."""
        as_of = as_of or _today()
        if code is None:
            codes = self.query(_ISSUED)["codesOfConduct"]
            code = next((c["id"] for c in codes if c["issuer"] and c["issuer"]["id"] == focal), None)
            if code is None and codes:
                # chainView with any code: the same chain and exposure (risks
                # along disclosed links only, as the page draws them; risk_exposure
                # also follows declared edges), without that code's status and reach
                v = self._view(focal, codes[0]["id"], threshold, as_of, max_depth)
                nodes = v.nodes.assign(status=None, reached=False, open=False)
                return SupplyChain(focal, None, as_of, nodes, v.edges, _tiers_frame([]))
        if code is None:
            return self._chain_without_code(focal, as_of, max_depth)
        return self._view(focal, code, threshold, as_of, max_depth)

    def _view(self, focal: str, code: str, threshold: float | None, as_of: date, max_depth: int | None) -> SupplyChain:
        d = self.query(_VIEW, {"focal": focal, "code": code, "maxDepth": max_depth,
                               "asOf": as_of, "threshold": threshold})["chainView"]
        c = d["columns"]  # the nodes as parallel lists: a third of the server's work of nodes { ... }
        if not d["risksComplete"]:
            # chainView lists at most 500 risk sources; every node's exposure
            # comes from all of them instead (riskExposure: along declared
            # edges too, see docs/analysis.md).
            exposure = self._exposure(focal, as_of, max_depth)
            c["exposure"] = [exposure.get(i, 0.0) for i in c["ids"]]
        nodes = pd.DataFrame({"company": c["ids"], "name": c["names"], "kind": c["kinds"], "tier": c["tiers"],
                              "status": c["statuses"], "reached": c["reached"], "open": c["open"],
                              "exposure": c["exposure"]})
        ids = nodes["company"].tolist()
        edges = pd.DataFrame({"supplier": [ids[i] for i in d["sources"]],
                              "customer": [ids[i] for i in d["targets"]],
                              "share": pd.array(d["shares"], dtype="Float64")})
        tiers = _tiers_frame(d["tiers"])
        return SupplyChain(focal, code, as_of, nodes.astype({"exposure": float}), edges, tiers)

    def _exposure(self, focal: str, as_of: date, max_depth: int | None) -> dict[str, float]:
        r = self.risk_exposure(focal, as_of=as_of, max_depth=max_depth)
        return {str(k): float(v) for k, v in r.sources.groupby("company")["score"].max().items()}

    def _chain_without_code(self, focal: str, as_of: date, max_depth: int | None) -> SupplyChain:
        # no code at all in the database: supplyChain, and riskExposure's scores
        d = self.query(_CHAIN, {"focal": focal, "maxDepth": max_depth, "asOf": as_of})["supplyChain"]
        exposure = self._exposure(focal, as_of, max_depth)
        nodes = pd.DataFrame(
            [(n["id"], n["company"]["name"], n["company"]["kind"], n["tier"], None, False, False,
              exposure.get(n["id"], 0.0)) for n in d["nodes"]],
            columns=["company", "name", "kind", "tier", "status", "reached", "open", "exposure"])
        best: dict[tuple[str, str], float | None] = {}
        for e in d["edges"]:  # one per material: merged per pair, the largest share
            k = (e["source"], e["target"])
            s = e["share"]
            best[k] = s if k not in best else (None if best[k] is None or s is None else max(best[k], s))
        edges = pd.DataFrame({"supplier": [k[0] for k in best], "customer": [k[1] for k in best],
                              "share": pd.array(list(best.values()), dtype="Float64")})
        return SupplyChain(focal, None, as_of, nodes.astype({"exposure": float}), edges.sort_values(
            ["supplier", "customer"], ignore_index=True), _tiers_frame([]))

    # --- entities --------------------------------------------------------

    def company(self, id: str, *, as_of: date | None = None) -> Company | None:
        """One company with its suppliers and customers (every link; with
        ``as_of``, those active then), facilities and findings; ``None`` when
        there is no such company."""
        c = self.query(_COMPANY, {"id": id})["company"]
        if c is None:
            return None
        info = {_snake(k): v for k, v in c.items() if k not in ("facilities", "findings")}
        partners = {}
        for rel in ("suppliers", "customers"):
            rows = []
            # entity lists have a default page of 100: ask for more, within
            # the complexity limit (a partner's links count per entry)
            for _, conn in self._pages(_PARTNERS % rel, {"id": id, "asOf": as_of}, ("company", rel),
                                       self.page_size or 250):
                for e in conn["edges"]:
                    n = e["node"]
                    for link in e["links"]:
                        rows.append((n["id"], n["name"], n["kind"], link["material"], link["share"],
                                     _date(link["since"]), _date(link["until"])))
            partners[rel] = pd.DataFrame(rows, columns=["company", "name", "kind", "material", "share", "since", "until"])
        facilities = pd.DataFrame(c["facilities"], columns=["id", "name", "type", "country"])
        findings = pd.DataFrame(
            [(f["id"], f["category"], f["severity"], f["likelihood"], f["base"], f["status"], f["source"],
              _date(f["detected"]), _date(f["closed"]),
              f["subject"]["id"] if f["subject"]["__typename"] == "Facility" else None, f["description"])
             for f in c["findings"]],
            columns=["id", "category", "severity", "likelihood", "base", "status", "source", "detected",
                     "closed", "facility", "description"])
        return Company(info, partners["suppliers"], partners["customers"], facilities, findings)

    def companies(
        self, search: str | None = None, *, kind: str | None = None, country: str | None = None
    ) -> pd.DataFrame:
        """Every company matching ``search`` (a case-insensitive prefix of the
        name or id), ``kind`` (BUYER, SUPPLIER, SMELTER, MINE) and ``country``,
        by id: one row each (``id, name, kind, country, disclosure, metal,
        rmi_id, rmap_status``)."""
        rows: list[dict[str, Any]] = []
        v = {"search": search, "kind": kind, "country": country}
        for _, conn in self._pages(_COMPANIES, v, ("companies",), self.page_size or 1000):
            rows.extend({_snake(k): x for k, x in e["node"].items()} for e in conn["edges"])
        return pd.DataFrame(rows, columns=["id", "name", "kind", "country", "disclosure", "metal", "rmi_id", "rmap_status"])


def _tiers_frame(tiers: list[dict[str, Any]]) -> pd.DataFrame:
    cols = ["tier", "companies", "covered", "stale", "pending", "not_requested", "reached", "coverage"]
    df = pd.DataFrame([{_snake(k): v for k, v in t.items()} for t in tiers])
    if df.empty:
        return pd.DataFrame(columns=cols)
    return df.astype({"coverage": float})


def _api_error(r: httpx.Response) -> SupplyGraphError:
    """The exception for an error answer of /api/... ({"error": {"code", "message"}})."""
    try:
        e = r.json()["error"]
    except (ValueError, KeyError, TypeError):
        return errors.from_status(r.status_code, r.text)
    cls = errors.BY_CODE.get(e.get("code", "")) or errors.BY_STATUS.get(r.status_code) or SupplyGraphError
    return cls(str(e.get("message", "")), code=e.get("code") or None, status=r.status_code)


def _snake(name: str) -> str:
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name)


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime):
        raise TypeError("dates are calendar days: pass a datetime.date, not a datetime")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v
