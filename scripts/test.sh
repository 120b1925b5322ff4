#!/usr/bin/env bash
# Install what the tests need, start the 3-node OpenSearch test cluster (the conformance
# suite runs every case against Whoosh and OpenSearch), run the whole suite, stop the cluster.
# With CORPUS_OPENSEARCH_URL already set, that cluster is used and left running.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
if [ -z "${CORPUS_OPENSEARCH_URL:-}" ]; then
    trap 'bash scripts/opensearch.sh stop' EXIT
    bash scripts/opensearch.sh start | tail -n 1
    CORPUS_OPENSEARCH_URL=$(bash scripts/opensearch.sh urls)
    CORPUS_OPENSEARCH_CONTROL_URL=$(bash scripts/opensearch.sh control-url)
    export CORPUS_OPENSEARCH_URL CORPUS_OPENSEARCH_CONTROL_URL
fi
.venv/bin/python -m pytest "$@"
