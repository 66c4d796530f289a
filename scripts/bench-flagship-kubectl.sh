#!/bin/sh
# The six checks of `labs check clusterip --step create-service`, as a learner's script would do
# them with kubectl and jq (a kubectl call or two per check). scripts/bench-floor.mjs times it against
# `labs check` (the kubectl+jq script ratio). Usage: bench-flagship-kubectl.sh NAMESPACE
# (KUBECONFIG and K8S_LABS_CONTEXT as for labs). Exits non-zero at the first failing check.
set -eu
ns="$1"
k() { kubectl --context "$K8S_LABS_CONTEXT" -n "$ns" "$@"; }
fail() { echo "FAIL $1" >&2; exit 1; }

# 1. echo-frontend is a ClusterIP Service
k get service echo-frontend -o json | jq -e '.spec.type == "ClusterIP" and .spec.clusterIP != "None"' >/dev/null || fail type
# 2. it listens on port 80
k get service echo-frontend -o json | jq -e '[.spec.ports[].port] | index(80) != null' >/dev/null || fail port
# 3. its targetPort is a containerPort of the selected pods
target=$(k get service echo-frontend -o json | jq -r '.spec.ports[] | select(.port == 80) | .targetPort')
k get pods -l app=echo-frontend -o json |
  jq -e --arg t "$target" '[.items[] | [.spec.containers[].ports[]? | (.containerPort | tostring), .name] | index($t) != null] | all' >/dev/null ||
  fail target-port
# 4. its selector picks exactly the 3 echo-frontend pods
selector=$(k get service echo-frontend -o json | jq -r '.spec.selector | to_entries | map("\(.key)=\(.value)") | join(",")')
[ "$(k get pods -l "$selector" -o json | jq '[.items[] | select(.metadata.labels.app == "echo-frontend")] | length')" = 3 ] || fail selector
# 5. it has 3 ready endpoints
[ "$(k get endpointslices -l kubernetes.io/service-name=echo-frontend -o json |
  jq '[.items[].endpoints[]? | select(.conditions.ready)] | length')" = 3 ] || fail endpoints
# 6. curl from the jumpbox to the Service name is answered by an echo-frontend pod
k exec jumpbox -- curl -s -m 4 "http://echo-frontend.$ns.svc.cluster.local" | grep -q 'echo-frontend' || fail curl
echo "all 6 checks passed"
