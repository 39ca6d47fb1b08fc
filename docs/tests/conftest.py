"""The docs' tests need a running server over the dataset they use:
SUPPLYGRAPH_TEST_URL (its GraphQL endpoint), SUPPLYGRAPH_TEST_KEY (an admin
key) and SUPPLYGRAPH_TEST_DATASET (demo or tiny). `make test` runs them
(cmd/supplygraph, TestPython); without a server they skip (and fail under
CI=true)."""

from __future__ import annotations

import os

import pytest


def server(dataset: str) -> tuple[str, str]:
    """(GraphQL url, admin key) of the test server, which must serve dataset."""
    url, key = os.environ.get("SUPPLYGRAPH_TEST_URL"), os.environ.get("SUPPLYGRAPH_TEST_KEY")
    if not url or not key or os.environ.get("SUPPLYGRAPH_TEST_DATASET") != dataset:
        why = (f"needs a server over {dataset} (SUPPLYGRAPH_TEST_URL, SUPPLYGRAPH_TEST_KEY, "
               f"SUPPLYGRAPH_TEST_DATASET={dataset}); make test provides one")
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    return url, key


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Examples that change the data run after everything else reads it.
    items.sort(key=lambda i: i.get_closest_marker("mutates") is not None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "mutates: a doc example that changes the data")
