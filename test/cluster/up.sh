#!/usr/bin/env bash
# Starts a real Kubernetes cluster for tests, from binaries built by build.sh:
# the control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler) on 127.0.0.1, real nodes (containerd, kubelet, kube-proxy)
# and CoreDNS in network namespaces of its own (dataplane.sh), and optionally
# KWOK fake nodes for API-only scale tests.
#
#   bash test/cluster/up.sh   # builds if needed; prints progress on stderr,
#                             # and the kubeconfig's absolute path as the
#                             # LAST line of stdout.
#
# Reuse: if the cluster of this state dir is already up (every recorded pid is
# alive and is our binary, apiserver /readyz ok), `up` prints the kubeconfig
# path and returns. A stale or half-dead state dir is torn down (down.sh) and
# the cluster restarted from scratch. Set K8S_LABS_TESTCLUSTER_FRESH=1 to
# always restart.
#
# Env: K8S_LABS_TESTCLUSTER_DIR (state dir), K8S_LABS_CACHE (build cache),
#      K8S_LABS_TESTCLUSTER_TIMEOUT (seconds per readiness gate, default 120),
#      K8S_LABS_TESTCLUSTER_REAL_NODES (real nodes, default 2),
#      K8S_LABS_TESTCLUSTER_DATAPLANE=0 (no real nodes: the control plane and
#      KWOK nodes only, as before; no root needed),
#      K8S_LABS_TESTCLUSTER_NODES (KWOK nodes; default 0 beside real nodes,
#      where they are tainted so lab pods never land on them; 2 without),
#      K8S_LABS_TESTCLUSTER_{ETCD,ETCD_PEER,APISERVER,KCM,SCHEDULER}_PORT
#      (fixed ports; default: free ports picked at random on 127.0.0.1).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

TIMEOUT="${K8S_LABS_TESTCLUSTER_TIMEOUT:-120}"
# Service and pod CIDRs must not overlap: services get 10.96/16, KWOK hands
# out pod IPs from each node's podCIDR, which the controller-manager carves
# (/24 per node) out of 10.244/16.
SERVICE_CIDR=10.96.0.0/16
SERVICE_FIRST_IP=10.96.0.1
CLUSTER_CIDR=10.244.0.0/16
HOST=127.0.0.1

CERTS="${STATE_DIR}/certs"
LOGS="${STATE_DIR}/logs"
PIDS="${STATE_DIR}/pids"
KUBECONFIG_OUT="${STATE_DIR}/kubeconfig"
KUBECTL="${BIN_DIR}/kubectl"
# shellcheck source=dataplane.sh
source "${TESTCLUSTER_SRC}/dataplane.sh"
if [[ -n "$DP_ENABLED" ]]; then NODE_COUNT="${K8S_LABS_TESTCLUSTER_NODES:-0}"; else NODE_COUNT="${K8S_LABS_TESTCLUSTER_NODES:-2}"; fi
export K8S_LABS_TESTCLUSTER_DIR="$STATE_DIR"   # node.sh and images.sh find the same state dir

# ---------------------------------------------------------------- helpers ---

# Prints the last lines of a component's log and fails; every start error
# goes through here so the reason is visible in CI output.
fail_component() {
  local name="$1" why="$2"
  log "FAILED: ${name}: ${why}"
  if [[ -f "${LOGS}/${name}.log" ]]; then
    log "---- last 40 lines of ${LOGS}/${name}.log ----"
    tail -n 40 "${LOGS}/${name}.log" >&2 || true
    log "---- end of ${name}.log ----"
  fi
  exit 1   # the EXIT trap stops what was started
}

# Any failure after the first component started (a gate, or an unexpected
# error under set -e, or Ctrl-C/SIGTERM) must not leave half a cluster
# running: stop it, but keep the state dir so the logs can be read.
STARTED=""
on_exit() {
  local rc=$?
  ((rc != 0)) && [[ -n "$STARTED" ]] || return 0
  # A signal may land while a probe runs with 2>/dev/null; the trap would
  # inherit that redirection, so go back to the real stderr (saved on fd 7).
  exec 2>&7
  log "up failed (exit ${rc}): stopping the components started so far"
  K8S_LABS_TESTCLUSTER_KEEP_STATE=1 "${TESTCLUSTER_SRC}/down.sh" >&2 || true
  log "logs kept in ${LOGS} (remove with: bash test/cluster/down.sh)"
}

pid_of() { cat "${PIDS}/$1.pid" 2>/dev/null || true; }

# True if the recorded pid of $1 is alive and really is our binary for this
# state dir (argv[0] basename matches and the command line mentions STATE_DIR).
# The basename is the name, or what pids/NAME.exe records (relays, nodes).
component_alive() {
  local name="$1" pid cmdline exe
  pid="$(pid_of "$name")"
  exe="$(cat "${PIDS}/${name}.exe" 2>/dev/null || echo "$name")"
  [[ -n "$pid" && -r "/proc/${pid}/cmdline" ]] || return 1
  # braces: also silence the shell's own error if the process just vanished
  cmdline="$({ tr '\0' ' ' <"/proc/${pid}/cmdline"; } 2>/dev/null)" || return 1
  [[ "$(basename "${cmdline%% *}")" == "$exe" && "$cmdline" == *"${STATE_DIR}"* ]]
}

# free_port VAR [FIXED]: sets VAR to FIXED if given, else to a random TCP port
# in 20000-32767 that nothing listens on (per /proc/net/tcp*) and that no
# other component of this run got, so parallel state dirs rarely collide.
# (Sets a variable instead of echoing: a $(subshell) would forget TAKEN_PORTS.)
TAKEN_PORTS=" "
free_port() {
  local var="$1" fixed="${2:-}" port i h listening=" "
  if [[ -n "$fixed" ]]; then printf -v "$var" '%s' "$fixed"; TAKEN_PORTS+="$fixed "; return; fi
  while read -r h; do
    listening+="$((16#$h)) "
  done < <(awk 'NR > 1 && $4 == "0A" { n = split($2, a, ":"); print a[n] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 12768))
    [[ "$listening" == *" $port "* || "$TAKEN_PORTS" == *" $port "* ]] && continue
    TAKEN_PORTS+="$port "; printf -v "$var" '%s' "$port"; return
  done
  die "no free port found on ${HOST}"
}

# Plain HTTP GET over bash's /dev/tcp (etcd serves plain HTTP on loopback),
# so there is no dependency on curl.
http_get() {
  local port="$1" path="$2"
  # shellcheck disable=SC2016  # expanded by the inner bash ($0..$2)
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3
    cat <&3' "$HOST" "$port" "$path" 2>/dev/null
}

# HTTPS GET with openssl (already required for certs); no client cert, so
# only endpoints that allow anonymous access (e.g. /healthz) answer 200.
https_get() {
  local port="$1" path="$2"
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$HOST" |
    timeout 3 openssl s_client -quiet -connect "${HOST}:${port}" 2>/dev/null
}

etcd_healthy() { [[ "$(http_get "$ETCD_PORT" /health)" == *'"health":"true"'* ]]; }
# Body of an anonymous /healthz answer is exactly "ok".
healthz_ok() { https_get "$1" /healthz | tail -n 1 | grep -qx ok; }

kubectl_() { "$KUBECTL" --kubeconfig="$KUBECONFIG_OUT" --request-timeout=5s "$@"; }

# wait_for NAME DESCRIPTION COMMAND...: retries COMMAND until it succeeds;
# fails (with the component log) on timeout or if the component died.
wait_for() {
  local name="$1" what="$2"; shift 2
  local start deadline; start="$(date +%s.%N)"; deadline=$((SECONDS + TIMEOUT))
  log "waiting for ${what}..."
  until "$@" >/dev/null 2>&1; do
    component_alive "$name" || fail_component "$name" "process exited while waiting for ${what}"
    ((SECONDS < deadline)) || fail_component "$name" "timed out after ${TIMEOUT}s waiting for ${what}"
    sleep 0.25
  done
  log "ok: ${what} ($(elapsed "$start")s)"
}

# start NAME ARGS...: runs ${BIN_DIR}/NAME detached (own session, so a CI
# runner killing our process group does not take the cluster down, and no
# stdin), logs to logs/NAME.log, pid to pids/NAME.pid.
start() {
  local name="$1"; shift
  log "starting ${name}"
  STARTED=1
  setsid "${BIN_DIR}/${name}" "$@" </dev/null >"${LOGS}/${name}.log" 2>&1 7>&- 9>&- &
  local pid=$! i
  echo "$pid" >"${PIDS}/${name}.pid"
  # Until the forked shell has exec'd the binary, /proc/PID/cmdline still
  # shows bash: wait for it, or component_alive would report a false death.
  for ((i = 0; i < 100; i++)); do
    component_alive "$name" && return
    [[ -d "/proc/${pid}" ]] || break
    sleep 0.05
  done
  fail_component "$name" "did not start (pid ${pid})"
}

# ------------------------------------------------------------ certificates --

# sign NAME SUBJECT EXTENSIONS: EC key (fast to generate) + cert signed by
# the CA (certs/${CA:-ca}.crt).
sign() {
  local name="$1" subj="$2" ext="$3" ca="${CA:-ca}"
  openssl ecparam -name prime256v1 -genkey -noout -out "${CERTS}/${name}.key" 2>/dev/null
  openssl req -new -key "${CERTS}/${name}.key" -subj "$subj" -out "${CERTS}/${name}.csr" 2>/dev/null
  openssl x509 -req -in "${CERTS}/${name}.csr" -CA "${CERTS}/${ca}.crt" -CAkey "${CERTS}/${ca}.key" \
    -CAcreateserial -days 365 -sha256 -extfile <(printf '%s\n' "$ext") \
    -out "${CERTS}/${name}.crt" 2>/dev/null
  rm -f "${CERTS}/${name}.csr"
}

gen_certs() {
  log "generating certificates in ${CERTS}"
  mkdir -p "$CERTS"; chmod 700 "$CERTS"
  openssl ecparam -name prime256v1 -genkey -noout -out "${CERTS}/ca.key" 2>/dev/null
  openssl req -x509 -new -key "${CERTS}/ca.key" -subj "/CN=k8s-labs-test-ca" -days 365 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyCertSign,cRLSign" \
    -out "${CERTS}/ca.crt" 2>/dev/null

  local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  sign apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:${HOST},IP:${SERVICE_FIRST_IP}${DP_ENABLED:+,IP:${UNDERLAY_IP}},DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost"
  sign admin "/O=system:masters/CN=admin" "$client"
  # Controller-manager and scheduler get their own identities, so the
  # built-in RBAC roles (not system:masters) govern them as in a real cluster.
  sign kube-controller-manager "/CN=system:kube-controller-manager" "$client"
  sign kube-scheduler "/CN=system:kube-scheduler" "$client"

  # Front-proxy (aggregation layer) CA and client: without a requestheader
  # CA the controller-manager and scheduler log an error every few seconds
  # ("missing content for CA bundle ... requestheader-client-ca-file"), and
  # aggregated APIs (e.g. metrics-server) could not be added later.
  openssl ecparam -name prime256v1 -genkey -noout -out "${CERTS}/front-proxy-ca.key" 2>/dev/null
  openssl req -x509 -new -key "${CERTS}/front-proxy-ca.key" -subj "/CN=k8s-labs-test-front-proxy-ca" \
    -days 365 -sha256 -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyCertSign,cRLSign" \
    -out "${CERTS}/front-proxy-ca.crt" 2>/dev/null
  CA=front-proxy-ca sign front-proxy-client "/CN=front-proxy-client" "$client"

  [[ -z "$DP_ENABLED" ]] || dp_certs

  # Service-account token signing key pair.
  openssl ecparam -name prime256v1 -genkey -noout -out "${CERTS}/sa.key" 2>/dev/null
  openssl ec -in "${CERTS}/sa.key" -pubout -out "${CERTS}/sa.pub" 2>/dev/null
}

b64() { openssl base64 -A <"$1"; }

# write_kubeconfig FILE CERTNAME USER CONTEXT: embedded-cert kubeconfig.
write_kubeconfig() {
  local file="$1" cert="$2" user="$3" ctx="$4"
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: k8s-labs-test
  cluster:
    server: ${SERVER:-https://${HOST}:${APISERVER_PORT}}
    certificate-authority-data: $(b64 "${CERTS}/ca.crt")
users:
- name: ${user}
  user:
    client-certificate-data: $(b64 "${CERTS}/${cert}.crt")
    client-key-data: $(b64 "${CERTS}/${cert}.key")
contexts:
- name: ${ctx}
  context:
    cluster: k8s-labs-test
    user: ${user}
current-context: ${ctx}
EOF
  chmod 600 "$file"
}

# ---------------------------------------------------------------- ports -----

pick_ports() {
  free_port ETCD_PORT "${K8S_LABS_TESTCLUSTER_ETCD_PORT:-}"
  free_port ETCD_PEER_PORT "${K8S_LABS_TESTCLUSTER_ETCD_PEER_PORT:-}"
  free_port APISERVER_PORT "${K8S_LABS_TESTCLUSTER_APISERVER_PORT:-}"
  free_port KCM_PORT "${K8S_LABS_TESTCLUSTER_KCM_PORT:-}"
  free_port SCHEDULER_PORT "${K8S_LABS_TESTCLUSTER_SCHEDULER_PORT:-}"
  # Recorded for humans and tests that want to poke a component directly.
  cat >"${STATE_DIR}/ports.env" <<EOF
ETCD_PORT=${ETCD_PORT}
ETCD_PEER_PORT=${ETCD_PEER_PORT}
APISERVER_PORT=${APISERVER_PORT}
KCM_PORT=${KCM_PORT}
SCHEDULER_PORT=${SCHEDULER_PORT}
EOF
  log "ports: etcd ${ETCD_PORT}/${ETCD_PEER_PORT}, apiserver ${APISERVER_PORT}, controller-manager ${KCM_PORT}, scheduler ${SCHEDULER_PORT}"
}

# ------------------------------------------------------------- components ---

start_etcd() {
  # Plain HTTP is acceptable: it only listens on loopback and only the
  # apiserver talks to it. fsync off: test data is thrown away anyway.
  start etcd \
    --name=testcluster \
    --data-dir="${STATE_DIR}/etcd-data" \
    --listen-client-urls="http://${HOST}:${ETCD_PORT}" \
    --advertise-client-urls="http://${HOST}:${ETCD_PORT}" \
    --listen-peer-urls="http://${HOST}:${ETCD_PEER_PORT}" \
    --initial-advertise-peer-urls="http://${HOST}:${ETCD_PEER_PORT}" \
    --initial-cluster="testcluster=http://${HOST}:${ETCD_PEER_PORT}" \
    --unsafe-no-fsync=true \
    --log-level=warn
  wait_for etcd "etcd health (http://${HOST}:${ETCD_PORT}/health)" etcd_healthy
}

start_apiserver() {
  # Without real nodes, --endpoint-reconciler-type=none: the `kubernetes`
  # Service is still created, but its Endpoints are not reconciled (a
  # loopback advertise address is not a valid endpoint IP). With them, the
  # advertise address is the underlay's, where pods reach the API server
  # (dp_apiserver_flags).
  local extra=(--advertise-address="${HOST}" --endpoint-reconciler-type=none)
  [[ -z "$DP_ENABLED" ]] || mapfile -t extra < <(dp_apiserver_flags)
  start kube-apiserver \
    --etcd-servers="http://${HOST}:${ETCD_PORT}" \
    --bind-address="${HOST}" \
    "${extra[@]}" \
    --secure-port="${APISERVER_PORT}" \
    --cert-dir="${STATE_DIR}/apiserver" \
    --tls-cert-file="${CERTS}/apiserver.crt" \
    --tls-private-key-file="${CERTS}/apiserver.key" \
    --client-ca-file="${CERTS}/ca.crt" \
    --service-cluster-ip-range="${SERVICE_CIDR}" \
    --authorization-mode=Node,RBAC \
    --service-account-issuer="https://kubernetes.default.svc.cluster.local" \
    --service-account-key-file="${CERTS}/sa.pub" \
    --service-account-signing-key-file="${CERTS}/sa.key" \
    --requestheader-client-ca-file="${CERTS}/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User \
    --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="${CERTS}/front-proxy-client.crt" \
    --proxy-client-key-file="${CERTS}/front-proxy-client.key" \
    --allow-privileged=true \
    --profiling=false
  wait_for kube-apiserver "kube-apiserver /readyz (https://${HOST}:${APISERVER_PORT})" \
    kubectl_ get --raw=/readyz
}

start_controller_manager() {
  # --allocate-node-cidrs gives every KWOK node a podCIDR, from which KWOK
  # assigns pod IPs. Serving is bound to loopback (health checks only).
  start kube-controller-manager \
    --kubeconfig="${STATE_DIR}/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig="${STATE_DIR}/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig="${STATE_DIR}/kube-controller-manager.kubeconfig" \
    --bind-address="${HOST}" \
    --secure-port="${KCM_PORT}" \
    --cert-dir="${STATE_DIR}/kube-controller-manager" \
    --service-account-private-key-file="${CERTS}/sa.key" \
    --root-ca-file="${CERTS}/ca.crt" \
    --cluster-signing-cert-file="${CERTS}/ca.crt" \
    --cluster-signing-key-file="${CERTS}/ca.key" \
    --use-service-account-credentials=true \
    --allocate-node-cidrs=true \
    --cluster-cidr="${CLUSTER_CIDR}" \
    --node-cidr-mask-size=24 \
    --service-cluster-ip-range="${SERVICE_CIDR}" \
    --leader-elect=false \
    --profiling=false
  wait_for kube-controller-manager "kube-controller-manager /healthz" healthz_ok "$KCM_PORT"
}

start_scheduler() {
  start kube-scheduler \
    --kubeconfig="${STATE_DIR}/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig="${STATE_DIR}/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig="${STATE_DIR}/kube-scheduler.kubeconfig" \
    --bind-address="${HOST}" \
    --secure-port="${SCHEDULER_PORT}" \
    --cert-dir="${STATE_DIR}/kube-scheduler" \
    --leader-elect=false \
    --profiling=false
  wait_for kube-scheduler "kube-scheduler /healthz" healthz_ok "$SCHEDULER_PORT"
}

# Stage files of the "fast" profile (node-initialize, node heartbeat with
# lease, pod ready/complete/delete), resolved by following the kustomization
# files shipped in the kwok module (copied to the build cache by build.sh).
kwok_stage_files() {
  local top="${STAGE_SRC_DIR}/fast" res f dir
  [[ -f "${top}/kustomization.yaml" ]] || die "kwok stages missing in ${STAGE_SRC_DIR}; run build.sh"
  while read -r res; do
    dir="$(cd "${top}/${res}" && pwd)"
    while read -r f; do echo "${dir}/${f}"; done < <(kustomize_resources "${dir}/kustomization.yaml")
  done < <(kustomize_resources "${top}/kustomization.yaml")
}

# The `resources:` list of a kustomization.yaml (plain "- item" lines).
kustomize_resources() {
  awk '/^resources:/ { on = 1; next } on && /^- / { print $2; next } { on = 0 }' "$1"
}

start_kwok() {
  mkdir -p "${STATE_DIR}/kwok/stages" "${STATE_DIR}/kwok/home"
  local f config_args=()
  for f in $(kwok_stage_files); do
    cp "$f" "${STATE_DIR}/kwok/stages/"
    config_args+=("--config=${STATE_DIR}/kwok/stages/$(basename "$f")")
  done
  ((${#config_args[@]} > 0)) || die "no kwok stage files found under ${STAGE_SRC_DIR}"
  log "kwok stages: $(cd "${STATE_DIR}/kwok/stages" && echo *)"
  # HOME is redirected so a developer's ~/.kwok/kwok.yaml is never loaded.
  # No --server-address / --node-port: KWOK then listens on nothing.
  HOME="${STATE_DIR}/kwok/home" start kwok \
    "${config_args[@]}" \
    --kubeconfig="${KUBECONFIG_OUT}" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --cidr="${CLUSTER_CIDR}" \
    --node-ip="${HOST}" \
    --node-lease-duration-seconds=40
}

# Fake nodes (room for 1000 pods each: the 100-attendee workshop bench holds 300):
# KWOK manages nodes carrying the kwok.x-k8s.io/node=fake
# annotation. Alone they carry no taint, so ordinary lab pods schedule onto
# them; beside real nodes they are tainted, so only pods that tolerate
# kwok.x-k8s.io/node=fake (scale tests) land there.
create_nodes() {
  local i taint=""
  [[ -z "$DP_ENABLED" ]] || taint="
spec:
  taints: [{key: kwok.x-k8s.io/node, value: fake, effect: NoSchedule}]"
  for ((i = 0; i < NODE_COUNT; i++)); do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-${i}
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-${i}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64${taint}
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "1000", ephemeral-storage: 100Gi}
  capacity: {cpu: "32", memory: 256Gi, pods: "1000", ephemeral-storage: 100Gi}
EOF
  done | kubectl_ apply -f - >&2
}

# Every kwok node Ready, given a podCIDR, and without the not-ready taint.
nodes_ready() {
  local out
  out="$(kubectl_ get nodes -l type=kwok -o \
    jsonpath='{range .items[*]}{.metadata.name} {.spec.podCIDR} {.status.conditions[?(@.type=="Ready")].status} {.spec.taints[*].key}{"\n"}{end}')"
  [[ "$(grep -c . <<<"$out")" -ge "$NODE_COUNT" ]] || return 1
  ! awk 'NF > 0 && ($2 == "" || $3 != "True" || /node.kubernetes.io\/not-ready/) { bad = 1 } END { exit !bad }' <<<"$out"
}

# --------------------------------------------------------------- main -------

healthy_existing() {
  [[ -f "$KUBECONFIG_OUT" && -f "${STATE_DIR}/components" ]] || return 1
  local c; for c in $(cat "${STATE_DIR}/components"); do component_alive "$c" || return 1; done
  kubectl_ get --raw=/readyz >/dev/null 2>&1
}

main() {
  local t0; t0="$(date +%s.%N)"
  exec 7>&2   # the real stderr, for on_exit
  trap on_exit EXIT
  trap 'exit 130' INT TERM
  if [[ -n "$DP_ENABLED" ]]; then dp_preflight; dp_deps; fi
  "${TESTCLUSTER_SRC}/build.sh" >/dev/null
  lock_state_dir
  if [[ -z "${K8S_LABS_TESTCLUSTER_FRESH:-}" ]] && healthy_existing; then
    log "reusing the running test cluster of ${STATE_DIR}"
    echo "$KUBECONFIG_OUT"
    return
  fi
  if [[ -e "$STATE_DIR" ]]; then
    log "stale state in ${STATE_DIR}: tearing it down first"
    "${TESTCLUSTER_SRC}/down.sh" >&2
  fi

  local t_start; t_start="$(date +%s.%N)"
  mkdir -p "$LOGS" "$PIDS"
  touch "${STATE_DIR}/.k8s-labs-testcluster"   # marker: down.sh only deletes dirs carrying it
  pick_ports
  gen_certs
  write_kubeconfig "$KUBECONFIG_OUT" admin admin k8s-labs-test
  write_kubeconfig "${STATE_DIR}/kube-controller-manager.kubeconfig" kube-controller-manager \
    system:kube-controller-manager default
  write_kubeconfig "${STATE_DIR}/kube-scheduler.kubeconfig" kube-scheduler system:kube-scheduler default

  local components="etcd kube-apiserver kube-controller-manager kube-scheduler"
  start_etcd
  if [[ -n "$DP_ENABLED" ]]; then
    dp_network_up
    dp_relays_up
    components+=" relay-underlay relay-host"
  fi
  start_apiserver
  start_controller_manager
  start_scheduler
  wait_for kube-controller-manager "the default ServiceAccount in namespace default" \
    kubectl_ get serviceaccount default -n default
  if [[ -n "$DP_ENABLED" ]]; then
    dp_nodes_up
    local n; for ((n = 0; n < REAL_NODES; n++)); do components+=" node-${n}"; done
  fi
  if ((NODE_COUNT > 0)); then
    start_kwok
    create_nodes
    components+=" kwok"
    wait_for kwok "${NODE_COUNT} kwok nodes Ready with a podCIDR" nodes_ready
  fi
  if [[ -n "$DP_ENABLED" ]]; then
    wait_for node-0 "${REAL_NODES} real nodes Ready" dp_nodes_ready
    dp_coredns_up
    wait_for node-0 "CoreDNS answering for cluster.local (from a node, through kube-proxy)" dp_dns_answers
  fi
  echo "$components" >"${STATE_DIR}/components"

  log "test cluster ${KUBERNETES_VERSION} ready in $(elapsed "$t_start")s (total incl. build check $(elapsed "$t0")s)"
  log "kubectl: ${KUBECTL} --kubeconfig=${KUBECONFIG_OUT}"
  echo "$KUBECONFIG_OUT"
}

main "$@"
