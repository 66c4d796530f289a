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
#      CONFORMANCE_REPORT_DIR (default: <state dir>-conformance, kept after down).
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
  bash "${TESTCLUSTER_SRC}/build.sh" --e2e >/dev/null
  CONFORMANCE=1 bash "${TESTCLUSTER_SRC}/images.sh" >"${STATE_DIR}.conformance-images" ||
    die "image build failed"
  local kubeconfig="${K8S_LABS_TEST_KUBECONFIG:-}"
  if [[ -z "$kubeconfig" ]]; then
    kubeconfig="$(bash "${TESTCLUSTER_SRC}/up.sh" | tail -n 1)"
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

  local report="${CONFORMANCE_REPORT_DIR:-${STATE_DIR}-conformance}"
  rm -rf "$report"; mkdir -p "$report"
  # The specs the focus selects, and which of them the skip leaves out (not runnable here).
  "$E2E_BIN" --ginkgo.focus="$FOCUS" --ginkgo.dry-run --ginkgo.v --ginkgo.no-color 2>/dev/null |
    grep -a '^\[sig-network\]' | sort -u >"${report}/focused.txt" || true
  grep -aE "$SKIP" "${report}/focused.txt" >"${report}/not-runnable.txt" || true
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
  # One <testcase> per spec: those with <failure> failed, those with <skipped> were not
  # selected; the rest passed.
  local passed failed focused not_runnable
  failed="$(tr -d '\n' <"$junit" | grep -o '<testcase name="[^"]*"[^>]*>[^<]*<failure' | sed 's/<testcase name="\([^"]*\)".*/\1/' || true)"
  passed="$(tr -d '\n' <"$junit" | grep -o '<testcase name="[^"]*"[^>]*>\(<system-err\|<system-out\|</testcase\)' | grep -c . || true)"
  focused="$(grep -c . "${report}/focused.txt" || true)"
  not_runnable="$(grep -c . "${report}/not-runnable.txt" || true)"
  log "sig-network [Conformance]: ${focused} specs, ${not_runnable} not runnable here (skipped: ${SKIP})"
  [[ -z "$failed" ]] || { log "failed:"; sed 's/^/[testcluster]   /' <<<"$failed" >&2; }
  log "conformance done in ${took}s; report and log in ${report}"
  echo "$passed passed, $(grep -c . <<<"$failed" || true) failed, ${not_runnable} skipped"
  return "$rc"
}

main "$@"
