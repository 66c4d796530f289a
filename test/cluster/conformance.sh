#!/usr/bin/env bash
# Runs the upstream Kubernetes conformance tests of sig-network (Services,
# DNS, EndpointSlices, networking) from the pinned release's e2e.test against
# the test cluster, with the images they need built locally (images.sh,
# CONFORMANCE=1), and prints the counts.
#
#   bash test/cluster/conformance.sh            # npm run testcluster:conformance
#
# Uses the cluster of K8S_LABS_TEST_KUBECONFIG when set (its state dir must be
# K8S_LABS_TESTCLUSTER_DIR, to import images), else starts one and stops it.
# Env: CONFORMANCE_FOCUS (ginkgo regex, default sig-network Conformance),
#      CONFORMANCE_SKIP (regex of tests not runnable here; see README.md),
#      CONFORMANCE_REPORT_DIR (default: STATE_DIR/conformance).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
# shellcheck source=dataplane.sh
source "${TESTCLUSTER_SRC}/dataplane.sh"

FOCUS="${CONFORMANCE_FOCUS:-\[sig-network\].*\[Conformance\]}"
# Not runnable on this cluster, each for a reason that README.md spells out:
# - NodePort / session affinity over NodePort: reached on the node's address
#   from outside the node, which the test runner (on the host) cannot reach
#   by design: the host has no route into the cluster's namespaces.
# - ExternalName to a public name: no outside DNS here.
SKIP="${CONFORMANCE_SKIP:-NodePort|ExternalName}"

main() {
  local started=""
  bash "${TESTCLUSTER_SRC}/build.sh" --e2e >/dev/null
  CONFORMANCE=1 bash "${TESTCLUSTER_SRC}/images.sh" >"${STATE_DIR}.conformance-images" ||
    die "image build failed"
  local kubeconfig="${K8S_LABS_TEST_KUBECONFIG:-}"
  if [[ -z "$kubeconfig" ]]; then
    kubeconfig="$(bash "${TESTCLUSTER_SRC}/up.sh" | tail -n 1)"
    started=1
    trap 'bash "${TESTCLUSTER_SRC}/down.sh" >&2 || true' EXIT
  fi
  local n tar
  for ((n = 0; n < REAL_NODES; n++)); do
    while read -r tar; do
      ctr --address "${STATE_DIR}/nodes/node-${n}/containerd.sock" -n k8s.io images import \
        --snapshotter overlayfs "$tar" >/dev/null || die "cannot import ${tar} into node-${n}"
    done <"${STATE_DIR}.conformance-images"
  done
  rm -f "${STATE_DIR}.conformance-images"

  local report="${CONFORMANCE_REPORT_DIR:-${STATE_DIR}/conformance}"
  mkdir -p "$report"
  log "running e2e.test: focus '${FOCUS}', skip '${SKIP}' (report in ${report})"
  local t0 rc=0; t0="$(date +%s.%N)"
  # The suite creates its own namespaces (e2e-tests-...) and deletes them.
  "$E2E_BIN" \
    --kubeconfig="$kubeconfig" \
    --provider=local \
    --num-nodes="$REAL_NODES" \
    --report-dir="$report" \
    --ginkgo.focus="$FOCUS" \
    --ginkgo.skip="$SKIP" \
    --ginkgo.no-color \
    --ginkgo.timeout=60m \
    --ginkgo.flake-attempts=1 \
    >"${report}/e2e.log" 2>&1 || rc=$?
  local took; took="$(elapsed "$t0")"
  # The JUnit report has one testcase per spec; skipped ones carry <skipped>.
  local junit; junit="$(ls "$report"/junit*.xml 2>/dev/null | head -n 1)"
  [[ -n "$junit" ]] || { tail -n 40 "${report}/e2e.log" >&2; die "e2e.test wrote no JUnit report (exit ${rc})"; }
  local ran failed skipped
  ran="$(grep -o '<testcase ' "$junit" | wc -l)"
  failed="$(grep -c '<failure' "$junit" || true)"
  skipped="$(grep -c '<skipped' "$junit" || true)"
  grep -A1 '<failure' "$junit" | grep -o 'message="[^"]*"' | head -n 20 >&2 || true
  log "conformance (sig-network): $((ran - failed - skipped)) passed, ${failed} failed, ${skipped} not run (focus/skip) in ${took}s; log ${report}/e2e.log"
  echo "$((ran - failed - skipped)) passed, ${failed} failed, ${skipped} skipped"
  [[ -n "$started" ]] || true
  return "$rc"
}

main "$@"
