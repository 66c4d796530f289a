#!/usr/bin/env bash
# The whole suite against a real Kubernetes API: builds (or reuses) the control plane from Go
# modules under test/cluster, starts it, runs `npm test` and the benchmarks, and stops it again.
# With K8S_LABS_TEST_KUBECONFIG already set, that cluster is used and left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${K8S_LABS_TEST_KUBECONFIG:-}" ]]; then
  trap 'bash test/cluster/down.sh >&2 || true' EXIT
  started=$(date +%s)
  K8S_LABS_TEST_KUBECONFIG=$(bash test/cluster/up.sh | tail -n 1)
  export K8S_LABS_TEST_KUBECONFIG
  echo "test cluster ready in $(( $(date +%s) - started )) s: $K8S_LABS_TEST_KUBECONFIG" >&2
  # kubectl at the cluster's own version, for the tests that run it.
  bin_dir=$(bash test/cluster/bin-dir.sh)
  export PATH="$bin_dir:$PATH"
fi

npm test
npm run -s bench:check
npm run -s bench:startup
