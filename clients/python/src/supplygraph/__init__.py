"""supplygraph: the Python client of the supplygraph GraphQL API.

>>> import supplygraph
>>> sg = supplygraph.Client()          # SUPPLYGRAPH_URL / SUPPLYGRAPH_API_KEY, or make run's key  # doctest: +SKIP
>>> sg.cascade("HIT", "HIT-SPG").tiers                                                             # doctest: +SKIP
>>> sg.risk_exposure("HIT").sources                                                                # doctest: +SKIP
>>> sg.minerals_report("HIT", "TIN").smelters                                                      # doctest: +SKIP
>>> sg.supply_chain("HIT").graph()                                                                 # doctest: +SKIP
"""

from .client import (
    DEFAULT_URL,
    Cascade,
    ClauseCoverage,
    Client,
    Company,
    Impact,
    MineralsReport,
    Remediation,
    RiskExposure,
    SupplyChain,
    UncoveredTiers,
    find_local_key,
)
from .errors import (
    BadInput,
    Forbidden,
    NoKey,
    NotFound,
    SupplyGraphError,
    Timeout,
    Unauthenticated,
    Unavailable,
)

__all__ = [
    "DEFAULT_URL", "Cascade", "ClauseCoverage", "Client", "Company", "Impact", "MineralsReport", "Remediation", "RiskExposure", "SupplyChain",
    "UncoveredTiers", "find_local_key", "BadInput", "Forbidden", "NoKey", "NotFound",
    "SupplyGraphError", "Timeout", "Unauthenticated", "Unavailable",
]
