#!/usr/bin/env bash
# Runs every test: static checks, generated code up to date, unit tests,
# integration tests against a real Neo4j started here on a free port (or the
# one named by NEO4J_TEST_URI), fuzz seed corpora and the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== static checks"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.data/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi
go vet ./...

echo "== generated code is up to date"
go generate ./graph/...
if command -v git >/dev/null && git rev-parse --git-dir >/dev/null 2>&1; then
  if ! git diff --quiet -- graph/; then
    git --no-pager diff --stat -- graph/ >&2
    echo "go generate changed graph/: commit the regenerated code" >&2
    exit 1
  fi
fi

echo "== web: unit tests, and the committed bundle is up to date"
# The explorer page's bundle (web/dist) is committed so that go build alone
# serves it; rebuilding it from the pinned packages must change nothing.
scripts/web.sh test
if command -v git >/dev/null && git rev-parse --git-dir >/dev/null 2>&1; then
  if [ -n "$(git status --porcelain -- web/dist)" ]; then
    git status --short -- web/dist >&2
    echo "web/dist is stale: run make web and commit web/dist" >&2
    exit 1
  fi
fi

echo "== browser for the explorer page's tests"
# Debian's chromium drives the page in cmd/supplygraph's browser tests;
# installed here when missing (as root). Under CI=true those tests fail
# without it rather than skip.
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium (apt-get install -y chromium)"
    apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } ||
      echo "could not install chromium: the browser tests will skip (or fail under CI=true)" >&2
  else
    echo "no chromium and not root: the browser tests will skip (or fail under CI=true)" >&2
  fi
fi

if [ -z "${NEO4J_TEST_URI:-}" ]; then
  echo "== starting a test Neo4j"
  port=$(go run ./scripts/freeport)
  data=$(mktemp -d "${TMPDIR:-/tmp}/supplygraph-test-neo4j.XXXXXX")
  export NEO4J_BOLT_PORT=$port NEO4J_DATA_DIR=$data
  cleanup() { scripts/neo4j.sh stop >/dev/null 2>&1 || true; rm -rf "$data"; }
  trap cleanup EXIT
  scripts/neo4j.sh start
  export NEO4J_TEST_URI="bolt://127.0.0.1:$port"
fi

echo "== Python environment for the client's, the notebook's and the docs' tests (.data/venv)"
# cmd/supplygraph's TestPython runs pytest with it against the real binary.
# Without it (no python3, PyPI unreachable) TestPython skips, or fails under CI=true.
if SUPPLYGRAPH_PYTHON=$(scripts/pyenv.sh); then
  export SUPPLYGRAPH_PYTHON
else
  echo "could not prepare .data/venv: the Python tests will skip (or fail under CI=true)" >&2
  unset SUPPLYGRAPH_PYTHON
fi

echo "== go test (unit, integration against $NEO4J_TEST_URI, fuzz seeds, e2e)"
# -p 1: the packages share the one test database.
go test -p 1 -count=1 -timeout 30m ./...
