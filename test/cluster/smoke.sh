#!/usr/bin/env bash
# Smoke test of a running test cluster, with the kubectl built by build.sh:
# versions, Ready nodes, a Deployment rollout with pod IPs, a Service with a
# filled EndpointSlice, the `kubernetes` Service, a bare ReplicaSet and
# `kubectl run`. Cleans up what it created. Exit 0 = all good.
#
#   bash test/cluster/smoke.sh [KUBECONFIG]   # default: the state dir's kubeconfig
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

KCFG="${1:-${STATE_DIR}/kubeconfig}"
[[ -f "$KCFG" ]] || die "no kubeconfig at ${KCFG}; run up.sh first"
k() { "${BIN_DIR}/kubectl" --kubeconfig="$KCFG" "$@"; }
NS=demos
WAIT=90s

check() { log "ok: $*"; }
fail() { log "FAIL: $*"; exit 1; }

check_versions() {
  local out
  out="$(k version -o yaml)"
  [[ "$(grep -c "gitVersion: ${KUBERNETES_VERSION}\$" <<<"$out")" == 2 ]] \
    || fail "kubectl version: client and server should both be ${KUBERNETES_VERSION}: ${out}"
  check "client and server are ${KUBERNETES_VERSION}"
}

check_nodes() {
  local ready
  # Real nodes (the default) or KWOK nodes (K8S_LABS_TESTCLUSTER_DATAPLANE=0); tainted KWOK
  # nodes beside real ones take no ordinary pods, so they do not count.
  ready="$(k get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status} {.spec.taints[*].key}{"\n"}{end}' | grep -c '^True *$' || true)"
  ((ready >= 2)) || fail "expected >= 2 Ready untainted nodes, got ${ready}"
  check "${ready} Ready nodes"
}

check_deployment() {
  k create namespace "$NS" >/dev/null
  k -n "$NS" create deployment echo-frontend --image=nginx:1.27 --replicas=3 --port=80 >/dev/null
  k -n "$NS" rollout status deployment/echo-frontend --timeout="$WAIT" >&2
  k -n "$NS" wait deployment/echo-frontend --for=condition=Available --timeout="$WAIT" >/dev/null
  local pods
  pods="$(k -n "$NS" get pods -l app=echo-frontend -o jsonpath='{range .items[*]}{.status.phase} {.status.podIP}{"\n"}{end}')"
  [[ "$(grep -cE '^Running [0-9.]+$' <<<"$pods")" == 3 ]] || fail "3 Running pods with IPs expected: ${pods}"
  check "deployment echo-frontend available, 3 pods Running with IPs ($(awk '{print $2}' <<<"$pods" | paste -sd' '))"

  k -n "$NS" expose deployment echo-frontend --port=80 --target-port=80 >/dev/null
  local deadline=$((SECONDS + 60)) ready=0
  while ((SECONDS < deadline)); do
    ready="$(k -n "$NS" get endpointslices -l kubernetes.io/service-name=echo-frontend \
      -o jsonpath='{range .items[*].endpoints[*]}{.conditions.ready}{"\n"}{end}' | grep -c true || true)"
    ((ready == 3)) && break
    sleep 0.5
  done
  ((ready == 3)) || fail "EndpointSlice of service echo-frontend has ${ready} ready endpoints, want 3"
  check "service echo-frontend ($(k -n "$NS" get svc echo-frontend -o jsonpath='{.spec.clusterIP}')) has an EndpointSlice with 3 ready endpoints"
}

check_kubernetes_service() {
  local port want
  # shellcheck disable=SC1091
  want="$(source "${STATE_DIR}/ports.env" && echo "$APISERVER_PORT")"
  port="$(k get svc kubernetes -o jsonpath='{.spec.ports[0].targetPort} {.metadata.labels.component} {.metadata.labels.provider}')"
  [[ "$port" == "${want} apiserver kubernetes" ]] || fail "svc kubernetes: got '${port}', want '${want} apiserver kubernetes'"
  check "svc kubernetes targetPort=${want}, labels component=apiserver provider=kubernetes"
}

check_replicaset() {
  k -n "$NS" apply -f - >/dev/null <<EOF
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: echo-rs}
spec:
  replicas: 2
  selector: {matchLabels: {app: echo-rs}}
  template:
    metadata: {labels: {app: echo-rs}}
    spec: {containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}]}
EOF
  k -n "$NS" wait replicaset/echo-rs --for=jsonpath='{.status.readyReplicas}'=2 --timeout="$WAIT" >/dev/null
  check "replicaset echo-rs has 2 ready replicas"
}

check_run() {
  k -n "$NS" run jumpbox --image=nginx:1.27 >/dev/null
  k -n "$NS" wait pod/jumpbox --for=jsonpath='{.status.phase}'=Running --timeout="$WAIT" >/dev/null
  check "kubectl run jumpbox: pod Running ($(k -n "$NS" get pod jumpbox -o jsonpath='{.status.podIP} on {.spec.nodeName}'))"
}

main() {
  local t0; t0="$(date +%s.%N)"
  # Leftovers of an interrupted run would make `create` fail.
  k delete namespace "$NS" --ignore-not-found --wait=true >/dev/null
  check_versions
  check_nodes
  check_deployment
  check_kubernetes_service
  check_replicaset
  check_run
  k delete namespace "$NS" --wait=false >/dev/null
  log "smoke test passed in $(elapsed "$t0")s"
}

main "$@"
