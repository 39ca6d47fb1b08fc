"""Integration tests need a running server: SUPPLYGRAPH_TEST_URL (its GraphQL
endpoint) and SUPPLYGRAPH_TEST_KEY (an admin key), over the dataset named by
SUPPLYGRAPH_TEST_DATASET. `make test` runs them (cmd/supplygraph, TestPython)
against the real binary on a real Neo4j; without a server they skip (and
fail under CI=true)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


def server(dataset: str) -> tuple[str, str]:
    url, key = os.environ.get("SUPPLYGRAPH_TEST_URL"), os.environ.get("SUPPLYGRAPH_TEST_KEY")
    have = os.environ.get("SUPPLYGRAPH_TEST_DATASET")
    if not url or not key or have != dataset:
        why = (f"needs a server over {dataset} (SUPPLYGRAPH_TEST_URL, SUPPLYGRAPH_TEST_KEY, "
               f"SUPPLYGRAPH_TEST_DATASET={dataset}); make test provides one")
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    return url, key


@pytest.fixture(scope="session")
def demo() -> tuple[str, str]:
    """(url, admin key) of a server over seed/demo."""
    return server("demo")
