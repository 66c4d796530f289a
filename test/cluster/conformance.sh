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
# Nothing is skipped by default; README.md lists what fails here and why.
SKIP="${CONFORMANCE_SKIP:-}"

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
  if [[ -n "$SKIP" ]]; then grep -aE "$SKIP" "${report}/focused.txt" >"${report}/not-runnable.txt" || true; else : >"${report}/not-runnable.txt"; fi
  # The runner lives in the underlay namespace, like a machine on the nodes' network: it
  # reaches the API server through the relay (10.200.0.1), node addresses (NodePort tests)
  # and pod addresses, and nothing else; on the host, an address in the pod range would
  # follow the host's default route out of the machine.
  local inner="${report}/kubeconfig"
  sed "s#server: https://${HOST:-127.0.0.1}:[0-9]*#server: https://${UNDERLAY_IP}:$(sed -n 's/^APISERVER_PORT=//p' "${STATE_DIR}/ports.env")#" \
    "$kubeconfig" >"$inner"
  chmod 600 "$inner"
  grep -q "server: https://${UNDERLAY_IP}:" "$inner" || die "cannot point the runner's kubeconfig at ${UNDERLAY_IP}"
  log "running e2e.test in the underlay namespace: focus '${FOCUS}', skip '${SKIP:-nothing}' (report in ${report})"
  local t0 rc=0 skip_args=(); t0="$(date +%s.%N)"
  [[ -z "$SKIP" ]] || skip_args=(--ginkgo.skip="$SKIP")
  # The suite creates its own namespaces (e2e-tests-...) and deletes them.
  nsenter --net="${NETNS_DIR}/underlay" "$E2E_BIN" \
    --kubeconfig="$inner" \
    --provider=local \
    --num-nodes="$REAL_NODES" \
    --report-dir="$report" \
    --ginkgo.focus="$FOCUS" \
    "${skip_args[@]}" \
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
  local passed failed ran focused not_runnable
  failed="$(tr -d '\n' <"$junit" | grep -o '<testcase name="\[It\][^"]*"[^>]*>[^<]*<failure' | sed 's/<testcase name="\([^"]*\)".*/\1/' || true)"
  # Specs ([It]) that ran: neither <skipped> (not selected) first; suite setup nodes do not count.
  ran="$(tr -d '\n' <"$junit" | grep -o '<testcase name="\[It\][^"]*"[^>]*>[^<]*<[a-z-]*' | grep -vc '<skipped$' || true)"
  passed=$((ran - $(grep -c . <<<"$failed" || true)))
  focused="$(grep -c . "${report}/focused.txt" || true)"
  not_runnable="$(grep -c . "${report}/not-runnable.txt" || true)"
  log "sig-network [Conformance]: ${focused} specs, ${not_runnable} skipped (${SKIP:-none})"
  [[ -z "$failed" ]] || { log "failed:"; sed 's/^/[testcluster]   /' <<<"$failed" >&2; }
  log "conformance done in ${took}s; report and log in ${report}"
  echo "$passed passed, $(grep -c . <<<"$failed" || true) failed, ${not_runnable} skipped"
  return "$rc"
}

main "$@"
