#!/usr/bin/env bash
# Set up (first run only) and serve on http://127.0.0.1:5000/ the index ./index (or
# $CORPUS_INDEX); when there is none, `corpus serve` first indexes the demo corpus: the two
# seeds and a sample of 1,500 SaudiNewsNet articles (demo/README.md), about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/corpus ] || bash scripts/setup.sh
exec .venv/bin/corpus serve "$@"
