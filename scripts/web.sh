#!/usr/bin/env bash
# Builds the explorer page (web/) with the packages pinned in
# web/package-lock.json: `scripts/web.sh` builds web/dist, `scripts/web.sh test`
# also runs its unit tests first. npm ci installs only when the lockfile
# changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v npm >/dev/null; then
  echo "web.sh: npm is needed to build the explorer page (apt-get install -y nodejs npm)" >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json .installed-lock.json; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json .installed-lock.json
fi
if [ "${1:-}" = test ]; then
  npx vitest run
fi
npm run --silent build
