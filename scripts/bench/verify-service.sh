#!/usr/bin/env bash
# The same six checks as test/fixtures/grading-bench (step create-service), written the way
# hosted lab platforms write verify scripts: kubectl for every read, jq to pick fields.
# Usage: KUBECONFIG=... CONTEXT=... NS=labs-bench bash verify-service.sh   (exit 0 when all pass)
set -euo pipefail
NS="${NS:-labs-bench}"
k() { kubectl --context "${CONTEXT:?set CONTEXT}" -n "$NS" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }

svc="$(k get service web -o json 2>/dev/null)" || fail "there is no Service web in $NS"
echo "PASS: Service web exists"

type="$(jq -r '.spec.type // "ClusterIP"' <<<"$svc")"
[[ "$type" == "ClusterIP" ]] || fail "it is a $type Service"
echo "PASS: web is a ClusterIP Service"

jq -e '[.spec.ports[].port] | index(80)' <<<"$svc" >/dev/null || fail "it does not listen on port 80"
echo "PASS: web listens on port 80"

deploy="$(k get deployment web -o json)"
target="$(jq -r '.spec.ports[] | select(.port == 80) | (.targetPort // .port) | tostring' <<<"$svc")"
jq -e --arg t "$target" '[.spec.template.spec.containers[].ports[]? | select((.containerPort | tostring) == $t or .name == $t)] | length > 0' <<<"$deploy" >/dev/null \
  || fail "targetPort $target is not a port of the web containers"
echo "PASS: its targetPort is the containers' port"

selector="$(jq -r '.spec.selector // {} | to_entries | map("\(.key)=\(.value)") | join(",")' <<<"$svc")"
[[ -n "$selector" ]] || fail "it has no selector"
template="$(jq -c '.spec.template.metadata.labels' <<<"$deploy")"
counts="$(k get pods -l "$selector" -o json | jq -r --argjson t "$template" \
  '[(.items | length), ([.items[] | select(.metadata.labels as $l | $t | to_entries | all(.value == $l[.key]))] | length)] | @tsv')"
read -r selected ours <<<"$counts"
[[ "$selected" == 3 && "$ours" == 3 ]] || fail "it selects $selected pods, $ours of them from the web Deployment"
echo "PASS: its selector picks exactly the 3 web pods"

ready="$(k get endpointslices -l kubernetes.io/service-name=web -o json \
  | jq '[.items[].endpoints[]? | select(.conditions.ready != false) | .addresses[]] | unique | length')"
[[ "$ready" == 3 ]] || fail "$ready of 3 endpoints ready"
echo "PASS: web has 3 ready endpoints"
