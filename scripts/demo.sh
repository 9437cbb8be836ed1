#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds movienet.wasm and serves the demo page.
#   scripts/demo.sh [--port 8080]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npm run build
exec node scripts/serve.mjs "$@"
