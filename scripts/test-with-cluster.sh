#!/usr/bin/env bash
# The whole suite against a real Kubernetes cluster: builds (or reuses) the test cluster from Go
# modules and Debian packages under test/cluster (control plane on loopback, two real nodes and
# CoreDNS in network namespaces of its own), starts it, runs `npm test`, the benchmarks and, on the
# same cluster, the built CLI under Node 22 and 24 (`npm run test:node`), the workshop benchmark on
# a KWOK cluster of its own, stops them, and fails if
# the host's network, sysctls, cgroups or mounts differ from before.
# With K8S_LABS_TEST_KUBECONFIG already set, that cluster is used and left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${K8S_LABS_TEST_KUBECONFIG:-}" ]]; then
  host_before=$(mktemp)
  bash test/cluster/host-state.sh >"$host_before"
  kwok_dir=""
  finish() {
    local rc=$?
    if [[ -n "$kwok_dir" ]]; then
      K8S_LABS_TESTCLUSTER_DATAPLANE=0 K8S_LABS_TESTCLUSTER_DIR="$kwok_dir" bash test/cluster/down.sh >&2 || true
      rm -rf "$kwok_dir" "$kwok_dir.lock"
    fi
    bash test/cluster/down.sh >&2 || true
    if ! bash test/cluster/host-state.sh | diff "$host_before" - >&2; then
      echo "the test cluster left the host changed (diff above: before vs after)" >&2
      rc=1
    fi
    rm -f "$host_before"
    exit "$rc"
  }
  trap finish EXIT
  started=$(date +%s)
  K8S_LABS_TEST_KUBECONFIG=$(bash test/cluster/up.sh | tail -n 1)
  export K8S_LABS_TEST_KUBECONFIG
  echo "test cluster ready in $(($(date +%s) - started)) s: $K8S_LABS_TEST_KUBECONFIG" >&2
  # kubectl at the cluster's own version, for the tests that run it.
  bin_dir=$(bash test/cluster/bin-dir.sh)
  export PATH="$bin_dir:$PATH"
fi

npm test
npm run -s bench:check
npm run -s bench:startup
npm run -s bench:floor
npm run -s test:node

# bench:workshop puts 300 pods of 100 attendees on KWOK nodes: on a second, API-only cluster of its
# own (about a minute to start, the images and binaries are built already).
if [[ -n "${kwok_dir+set}" ]]; then
  # A path up.sh makes itself: it refuses a folder that exists without its marker.
  kwok_dir="${TMPDIR:-/tmp}/k8s-labs-kwok-$$"
  kwok_kubeconfig=$(K8S_LABS_TESTCLUSTER_DATAPLANE=0 K8S_LABS_TESTCLUSTER_DIR="$kwok_dir" bash test/cluster/up.sh | tail -n 1)
  K8S_LABS_TEST_KUBECONFIG="$kwok_kubeconfig" npm run -s bench:workshop
fi
