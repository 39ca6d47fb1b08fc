#!/usr/bin/env bash
# make run: local Neo4j up, schema migrated, demo data loaded, a local admin
# key (created once, kept in .data/local-admin.key), the explorer page and
# GraphQL served, GraphiQL already sending that key.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=bin/supplygraph
step() { printf '== make run: %s\n' "$*" >&2; }
step "starting Neo4j on port ${NEO4J_BOLT_PORT:-7687} (the first start fetches its jars from Maven Central into ~/.m2, about a minute; later starts take seconds)"
scripts/neo4j.sh start >/dev/null
step "migrating the schema"
$BIN migrate
step "loading the demo data (seed/demo)"
$BIN load seed/demo
step "importing the demo's CMRT and EMRT declarations and dated RMAP statuses (seed/demo/minerals)"
$BIN cmrt --dir seed/demo/minerals/cmrt | tail -n 1
$BIN rmap seed/demo/minerals/rmap_history.csv
keyfile=.data/local-admin.key
if [ ! -s "$keyfile" ] || ! $BIN apikey verify "$(cat "$keyfile")" >/dev/null 2>&1; then
  step "creating the local admin key (.data/local-admin.key)"
  mkdir -p .data
  (umask 077; $BIN apikey create --role admin --name "make run (local admin)" --quiet >"$keyfile")
fi
key=$(cat "$keyfile")
addr=${SUPPLYGRAPH_ADDR:-127.0.0.1:8080}
cat <<TXT

  Explorer:  http://$addr/   (sign in by pasting the API key below)
  GraphiQL:  http://$addr/graphiql   (already sends the local admin key)
  GraphQL:   http://$addr/graphql
  API key:   $key
             curl -H 'Authorization: Bearer $key' -H 'Content-Type: application/json' \\
                  -d '{"query":"{ company(id: \\"HIT\\") { name suppliers { totalCount } } }"}' http://$addr/graphql

TXT
export SUPPLYGRAPH_CORS_ORIGINS=${SUPPLYGRAPH_CORS_ORIGINS:-http://localhost:3000,http://127.0.0.1:3000,http://localhost:5173,http://127.0.0.1:5173}
step "serving on http://$addr/ (the analysis snapshot builds in the background; questions are answered from Neo4j until it is ready)"
exec $BIN serve --graphiql-key "$key"
