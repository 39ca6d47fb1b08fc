# supplygraph — `make run` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

NEO4J_BOLT_PORT ?= 7687
NEO4J_DATA_DIR ?= $(CURDIR)/.data/neo4j-$(NEO4J_BOLT_PORT)
export NEO4J_BOLT_PORT NEO4J_DATA_DIR
NEO4J_URI ?= bolt://127.0.0.1:$(NEO4J_BOLT_PORT)
export NEO4J_URI
SUPPLYGRAPH_ADDR ?= 127.0.0.1:8080
export SUPPLYGRAPH_ADDR
BIN := bin/supplygraph

.PHONY: bench-client bench-explorer bench-pages help run test build web generate neo4j-start neo4j-stop neo4j-status load-demo import fuzz bench bench-load bench-query bench-query-1m clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: build ## start Neo4j, migrate, load the demo data, create a local admin key and serve GraphQL
	scripts/run.sh

test: ## run every test: unit, integration against a real Neo4j, fuzz seeds, e2e
	scripts/test.sh

build: ## build bin/supplygraph
	go build -o $(BIN) ./cmd/supplygraph

web: ## rebuild the explorer page's bundle (web/dist, committed) from web/src with the pinned npm packages
	scripts/web.sh

generate: ## regenerate the GraphQL code from schema/
	go generate ./...

neo4j-start: ## start the local Neo4j (NEO4J_BOLT_PORT, NEO4J_DATA_DIR)
	scripts/neo4j.sh start

neo4j-stop: ## stop the local Neo4j
	scripts/neo4j.sh stop

neo4j-status: ## is the local Neo4j running?
	scripts/neo4j.sh status

load-demo: build neo4j-start ## load the demo dataset (and its declarations and RMAP statuses) into the local Neo4j
	$(BIN) load seed/demo
	set -o pipefail; $(BIN) cmrt --dir seed/demo/minerals/cmrt | tail -n 1
	$(BIN) rmap seed/demo/minerals/rmap_history.csv

IMPORT_DIR ?= .data/import
import: build ## first load of DATA=DIR into the local Neo4j with the offline importer (replaces its database)
	@test -n "$(DATA)" || { echo "usage: make import DATA=DIR" >&2; exit 2; }
	rm -rf $(IMPORT_DIR)
	$(BIN) import prepare $(DATA) $(IMPORT_DIR)
	scripts/neo4j.sh stop
	NEO4J_IMPORT_OVERWRITE=1 scripts/neo4j.sh import $(IMPORT_DIR)
	scripts/neo4j.sh start
	$(BIN) import finish $(IMPORT_DIR)
	rm -rf $(IMPORT_DIR)

FUZZTIME ?= 60s
fuzz: ## run every fuzz target (CSV validation, CMRT reader, RMAP statuses, document limits), FUZZTIME each (default 60s)
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
	  for fn in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
	    echo "== $$(dirname $$f) $$fn"; go test ./$$(dirname $$f) -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME); \
	  done; \
	done

clean: ## remove build output (not the Neo4j data)
	rm -rf bin

BENCH_SIZES ?= 100000,1000000
bench-load: ## load benchmark: supplygraph load vs a plain Cypher baseline (BENCH_SIZES)
	go run ./tools/benchload -sizes $(BENCH_SIZES) -rounds $(or $(BENCH_ROUNDS),1)

bench: bench-load bench-query bench-pages bench-explorer bench-client ## every benchmark

bench-query: ## query benchmark: p50/p99 of each analysis query, GraphQL vs direct, a write, serve under 32 clients (BENCH_QUERY_SIZE)
	go run ./tools/benchquery -companies $(or $(BENCH_QUERY_SIZE),100000)

bench-pages: ## entity pages (a page of 50 of ~1,700 suppliers, customers, companies): GraphQL vs the same page in raw Cypher (BENCH_PAGES_SIZE)
	go run ./tools/benchpages -companies $(or $(BENCH_PAGES_SIZE),100000)

bench-query-1m: ## the same at a million companies (not in CI; BENCH_QUERY_URI: a Neo4j holding `gen --companies 1000000 --seed 77`, see docs/analysis.md)
	go run ./tools/benchquery -companies 1000000 -seed 77 -runs 20 $(if $(BENCH_QUERY_URI),-uri $(BENCH_QUERY_URI))

bench-explorer: ## explorer page benchmark: chainView size and time, first view and panning frame rate in headless Chromium (BENCH_EXPLORER_SIZE)
	go run ./tools/benchexplorer -companies $(or $(BENCH_EXPLORER_SIZE),100000)

bench-client: ## Python client benchmark: the cascade of bench-query's buyer (83k entries) into a DataFrame (BENCH_CLIENT_SIZE)
	go run ./tools/benchclient -companies $(or $(BENCH_CLIENT_SIZE),100000)
