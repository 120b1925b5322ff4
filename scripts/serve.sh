#!/usr/bin/env bash
# Set up (first run only) and serve the seed corpus on http://127.0.0.1:5000/
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/corpus ] || bash scripts/setup.sh
exec .venv/bin/corpus serve "$@"
