# shellcheck shell=bash
# The test cluster's data plane: real nodes (containerd + runc + CNI bridge,
# kubelet, kube-proxy in iptables mode) and CoreDNS, beside the control plane
# that up.sh runs on the host's loopback. Sourced by up.sh and down.sh.
#
# Network: everything lives in network namespaces made here, never on the
# host. An "underlay" namespace holds a bridge (10.200.0.1/24, the API
# server's advertise address) with one veth to each node namespace
# (10.200.0.1N); each node has its own CNI bridge and pod CIDR (10.244.N.0/24)
# and routes to the other nodes' pods. The namespaces reach the API server on
# 127.0.0.1 only through Unix sockets (relay.mjs): pods and kubelets dial
# 10.200.0.1:<apiserver port> in the underlay, and the API server dials
# kubelets through an HTTP CONNECT proxy on a socket (its egress selector).
# Host sysctls, iptables, routes and links are never changed.
#
# Processes: each node runs in its own private mount namespace (node.sh) and
# in cgroups /k8s-labs-<id>/node-N of every v1 hierarchy; down.sh kills what
# those cgroups hold and removes them.
# shellcheck disable=SC2034  # variables here are used by the sourcing scripts

DP_ENABLED="${K8S_LABS_TESTCLUSTER_DATAPLANE:-1}"
[[ "$DP_ENABLED" == 0 ]] && DP_ENABLED=""
REAL_NODES="${K8S_LABS_TESTCLUSTER_REAL_NODES:-2}"
DP_ID="$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-8)"
DP_CGROUP="k8s-labs-${DP_ID}"
NETNS_DIR="${STATE_DIR}/netns"
UNDERLAY_IP=10.200.0.1
UNDERLAY_CIDR=10.200.0.0/24
CLUSTER_DNS_IP=10.96.0.10
APISERVER_SOCK="${STATE_DIR}/apiserver.sock"
EGRESS_SOCK="${STATE_DIR}/egress.sock"
# Kernel state that must be the same after up and down as before (dp-host-state).
DP_SYSCTLS=(net/ipv4/ip_forward vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops
  kernel/keys/root_maxkeys kernel/keys/root_maxbytes net/bridge/bridge-nf-call-iptables)

node_ip() { echo "10.200.0.$((10 + $1))"; }
node_pod_cidr() { echo "10.244.$1.0/24"; }
in_ns() { local ns="$1"; shift; nsenter --net="${NETNS_DIR}/${ns}" "$@"; }

# cgroup v1 hierarchies (each mounted folder with cgroup.procs; not the
# almost empty cgroup2 "unified" one, which kubelet on v1 does not use).
dp_cgroup_roots() {
  local d
  for d in /sys/fs/cgroup/*/; do
    d="${d%/}"
    [[ "$(basename "$d")" == unified ]] && continue
    [[ -f "$d/cgroup.procs" ]] && echo "$d"
  done
}

# ------------------------------------------------------------- packages ----

# containerd, runc, the CNI plugins and the tools the nodes and images use,
# from Debian, installed only when missing.
dp_deps() {
  local missing=() c
  for c in containerd ctr runc iptables conntrack nsenter unshare ip debootstrap gcc node sha256sum; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  [[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/loopback && -x /usr/lib/cni/portmap ]] ||
    missing+=(cni-plugins)
  [[ -f /usr/lib/x86_64-linux-gnu/libc.a || -f /usr/lib/aarch64-linux-gnu/libc.a ]] || missing+=(libc6-dev)
  ((${#missing[@]} == 0)) && return 0
  [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null ||
    die "missing for real nodes: ${missing[*]}; install Debian's containerd runc containernetworking-plugins iptables conntrack debootstrap gcc libc6-dev iproute2 util-linux, or set K8S_LABS_TESTCLUSTER_DATAPLANE=0 for KWOK fake nodes only"
  log "installing from Debian (missing: ${missing[*]})"
  local pkgs=(containerd runc containernetworking-plugins iptables conntrack debootstrap gcc libc6-dev iproute2 util-linux)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >&2 ||
    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >&2; } ||
    die "apt-get could not install: ${pkgs[*]}"
}

dp_preflight() {
  [[ "$(id -u)" == 0 ]] || die "real nodes need root (network namespaces, cgroups, mounts); or set K8S_LABS_TESTCLUSTER_DATAPLANE=0"
  [[ -d /sys/fs/cgroup/memory && -d /sys/fs/cgroup/cpu ]] ||
    die "real nodes need cgroup v1 hierarchies under /sys/fs/cgroup (this machine: $(ls /sys/fs/cgroup | tr '\n' ' '))"
}

# -------------------------------------------------------------- network ----

dp_network_up() {
  log "data plane: network namespaces (underlay + ${REAL_NODES} nodes) in ${NETNS_DIR}"
  mkdir -p "$NETNS_DIR"
  # A private mount point for the namespace files, as `ip netns` makes
  # /run/netns one, but inside the state dir: nothing under /run changes.
  mount --bind "$NETNS_DIR" "$NETNS_DIR"
  mount --make-private "$NETNS_DIR"
  local ns n m
  for ns in underlay $(seq -f 'node-%g' 0 $((REAL_NODES - 1))); do
    touch "${NETNS_DIR}/${ns}"
    unshare --net="${NETNS_DIR}/${ns}" true
    in_ns "$ns" ip link set lo up
  done
  in_ns underlay ip link add br0 type bridge
  in_ns underlay ip addr add "${UNDERLAY_IP}/24" dev br0
  in_ns underlay ip link set br0 up
  for ((n = 0; n < REAL_NODES; n++)); do
    # Created inside the underlay with its peer straight in the node's
    # namespace: the pair never exists on the host, even for a moment.
    in_ns underlay ip link add "vn${n}" type veth peer name eth0 netns "${NETNS_DIR}/node-${n}"
    in_ns underlay ip link set "vn${n}" master br0 up
    in_ns "node-${n}" ip addr add "$(node_ip "$n")/24" dev eth0
    in_ns "node-${n}" ip link set eth0 up
    # Anything not routed below (outside addresses, unmatched Service IPs)
    # goes to the underlay, which routes nothing further: it cannot leave.
    in_ns "node-${n}" ip route add default via "$UNDERLAY_IP"
    in_ns "node-${n}" sysctl -qw net.ipv4.ip_forward=1
    in_ns underlay ip route add "$(node_pod_cidr "$n")" via "$(node_ip "$n")"
    for ((m = 0; m < REAL_NODES; m++)); do
      ((m == n)) || in_ns "node-${n}" ip route add "$(node_pod_cidr "$m")" via "$(node_ip "$m")"
    done
  done
}

# ---------------------------------------------------------------- relays ---

# dp_start NAME EXE CMD...: like up.sh's start, for processes that are not a
# cluster binary (EXE: the basename their argv[0] will have, for down.sh).
dp_start() {
  local name="$1" exe="$2"; shift 2
  STARTED=1
  setsid "$@" </dev/null >"${LOGS}/${name}.log" 2>&1 7>&- 9>&- &
  echo "$!" >"${PIDS}/${name}.pid"
  echo "$exe" >"${PIDS}/${name}.exe"
}

dp_wait_socket() {
  local path="$1" name="$2" i
  for ((i = 0; i < 100; i++)); do [[ -S "$path" ]] && return 0; sleep 0.05; done
  fail_component "$name" "no socket at ${path}"
}

# Before the API server: its egress proxy (to kubelets) must already listen.
dp_relays_up() {
  local relay="${TESTCLUSTER_SRC}/relay.mjs"
  dp_start relay-underlay node nsenter --net="${NETNS_DIR}/underlay" node "$relay" \
    --connect-proxy "unix:${EGRESS_SOCK}=${UNDERLAY_CIDR},${CLUSTER_CIDR}" \
    --forward "tcp:${UNDERLAY_IP}:${APISERVER_PORT}=unix:${APISERVER_SOCK}"
  dp_start relay-host node node "$relay" --forward "unix:${APISERVER_SOCK}=tcp:${HOST}:${APISERVER_PORT}"
  dp_wait_socket "$EGRESS_SOCK" relay-underlay
  dp_wait_socket "$APISERVER_SOCK" relay-host
  cat >"${STATE_DIR}/egress-selector.yaml" <<EOF
apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: ${EGRESS_SOCK}
EOF
}

# Extra API server flags for real nodes.
dp_apiserver_flags() {
  echo "--advertise-address=${UNDERLAY_IP}"
  echo "--endpoint-reconciler-type=lease"
  echo "--kubelet-client-certificate=${CERTS}/apiserver-kubelet-client.crt"
  echo "--kubelet-client-key=${CERTS}/apiserver-kubelet-client.key"
  echo "--kubelet-preferred-address-types=InternalIP"
  echo "--egress-selector-config-file=${STATE_DIR}/egress-selector.yaml"
}

dp_certs() {
  local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth" n
  sign apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client"
  sign kube-proxy "/CN=system:kube-proxy" "$client"
  for ((n = 0; n < REAL_NODES; n++)); do
    sign "kubelet-node-${n}" "/O=system:nodes/CN=system:node:node-${n}" "$client"
    sign "kubelet-serving-node-${n}" "/CN=node-${n}" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:$(node_ip "$n"),DNS:node-${n}"
  done
}

# ----------------------------------------------------------------- nodes ---

dp_cgroups_up() {
  local root n sub
  for root in $(dp_cgroup_roots); do
    for ((n = 0; n < REAL_NODES; n++)); do
      for sub in "" "/node-${n}" "/node-${n}/runtime"; do
        mkdir -p "${root}/${DP_CGROUP}${sub}"
        # A new cpuset is empty: give it the parent's CPUs and memory nodes.
        if [[ -f "${root}/cpuset.cpus" ]]; then
          cat "$(dirname "${root}/${DP_CGROUP}${sub}")/cpuset.cpus" >"${root}/${DP_CGROUP}${sub}/cpuset.cpus"
          cat "$(dirname "${root}/${DP_CGROUP}${sub}")/cpuset.mems" >"${root}/${DP_CGROUP}${sub}/cpuset.mems"
        fi
      done
    done
  done
}

# The node's configuration: containerd, CNI, kubelet, kube-proxy.
dp_node_files() {
  local n="$1" dir="${STATE_DIR}/nodes/node-$1" ip server
  ip="$(node_ip "$n")"; server="https://${UNDERLAY_IP}:${APISERVER_PORT}"
  mkdir -p "$dir/cni" "$dir/cni-ipam" "$dir/kubelet"
  echo "$ip" >"$dir/ip"
  cat >"$dir/containerd.toml" <<EOF
version = 2
root = "${dir}/containerd/root"
state = "${dir}/containerd/state"
oom_score = 0
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "${dir}/containerd.sock"
[ttrpc]
  address = "${dir}/containerd.sock.ttrpc"
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:$(cat "${BIN_DIR}/pause.version")"
  # This VM cannot lower oom_score_adj (no CAP_SYS_RESOURCE in its bounding set).
  restrict_oom_score_adj = true
  disable_apparmor = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${dir}/cni"
EOF
  cat >"$dir/cni/10-k8s-labs.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "k8s-labs",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "${dir}/cni-ipam",
        "ranges": [[{ "subnet": "$(node_pod_cidr "$n")", "gateway": "10.244.${n}.1" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
  : >"$dir/resolv.conf"   # pods get only the cluster's DNS, never the host's resolvers
  SERVER="$server" write_kubeconfig "$dir/kubelet.kubeconfig" "kubelet-node-${n}" "system:node:node-${n}" default
  SERVER="$server" write_kubeconfig "$dir/kube-proxy.kubeconfig" kube-proxy system:kube-proxy default
  cat >"$dir/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${ip}
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: ${CERTS}/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: ${CERTS}/kubelet-serving-node-${n}.crt
tlsPrivateKeyFile: ${CERTS}/kubelet-serving-node-${n}.key
containerRuntimeEndpoint: unix://${dir}/containerd.sock
cgroupDriver: cgroupfs
cgroupRoot: /${DP_CGROUP}/node-${n}
failCgroupV1: false
# No CAP_SYS_RESOURCE here: the kubelet must not try to lower its own score.
oomScoreAdj: 0
protectKernelDefaults: false
clusterDNS: [${CLUSTER_DNS_IP}]
clusterDomain: cluster.local
resolvConf: ${dir}/resolv.conf
failSwapOn: false
podLogsDir: ${dir}/root/var/log/pods
# Images are imported, not pulled: never evict or collect them.
evictionHard: {memory.available: "1Mi", nodefs.available: "1%", nodefs.inodesFree: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 110
EOF
  cat >"$dir/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: ${dir}/kube-proxy.kubeconfig}
hostnameOverride: node-${n}
bindAddress: ${ip}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
mode: iptables
clusterCIDR: ${CLUSTER_CIDR}
nodePortAddresses: ["${ip}/32"]
# Never route_localnet, never the global conntrack table size or timeouts.
iptables: {localhostNodePorts: false}
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
}

# Node objects made before their kubelets register, each with the pod CIDR
# its CNI bridge serves (so the controller-manager never hands out another).
dp_node_objects() {
  local n
  for ((n = 0; n < REAL_NODES; n++)); do
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: node-${n}
  labels: {kubernetes.io/hostname: node-${n}, kubernetes.io/os: linux, kubernetes.io/arch: amd64, k8s-labs.test/node: real}
spec:
  podCIDR: $(node_pod_cidr "$n")
  podCIDRs: [$(node_pod_cidr "$n")]
EOF
  done | kubectl_ apply -f - >&2
}

dp_nodes_up() {
  bash "${TESTCLUSTER_SRC}/images.sh" >"${STATE_DIR}/images.list" || die "image build failed (see above)"
  dp_cgroups_up
  dp_node_objects
  local n root
  for ((n = 0; n < REAL_NODES; n++)); do
    dp_node_files "$n"
    log "starting node-${n} ($(node_ip "$n"), pods $(node_pod_cidr "$n"))"
    STARTED=1
    (
      for root in $(dp_cgroup_roots); do echo "$BASHPID" >"${root}/${DP_CGROUP}/node-${n}/runtime/cgroup.procs"; done
      exec setsid nsenter --net="${NETNS_DIR}/node-${n}" unshare --mount --propagation private \
        bash "${TESTCLUSTER_SRC}/node.sh" "$n" "$STATE_DIR"
    ) </dev/null >"${LOGS}/node-${n}.log" 2>&1 7>&- 9>&- &
    echo "$!" >"${PIDS}/node-${n}.pid"
    echo bash >"${PIDS}/node-${n}.exe"
  done
}

dp_nodes_ready() {
  local out
  out="$(kubectl_ get nodes -l k8s-labs.test/node=real -o \
    jsonpath='{range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')"
  [[ "$(grep -c ' True$' <<<"$out")" -ge "$REAL_NODES" ]]
}

# CoreDNS as the cluster's DNS add-on, with the Corefile kubeadm (and so
# kind) writes for this release, less `forward` (no outside DNS here) and
# `prometheus`: cluster names are never cached, so a Service is found the
# moment it exists and a deleted one is gone at once.
dp_coredns_up() {
  kubectl_ apply -f - >&2 <<EOF
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
subjects:
- {kind: ServiceAccount, name: coredns, namespace: kube-system}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health {
            lameduck 5s
        }
        ready
        kubernetes cluster.local in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
            ttl 30
        }
        cache 30 {
            disable success cluster.local
            disable denial cluster.local
        }
        reload
        loadbalance
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  replicas: 1
  selector:
    matchLabels: {k8s-app: kube-dns}
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      serviceAccountName: coredns
      priorityClassName: system-cluster-critical
      dnsPolicy: Default
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:${COREDNS_VERSION}
        imagePullPolicy: Never
        args: [-conf, /etc/coredns/Corefile]
        ports:
        - {name: dns, containerPort: 53, protocol: UDP}
        - {name: dns-tcp, containerPort: 53, protocol: TCP}
        readinessProbe:
          httpGet: {path: /ready, port: 8181}
          periodSeconds: 2
        livenessProbe:
          httpGet: {path: /health, port: 8080}
        securityContext:
          capabilities: {add: [NET_BIND_SERVICE]}
        volumeMounts:
        - {name: config, mountPath: /etc/coredns, readOnly: true}
      volumes:
      - name: config
        configMap:
          name: coredns
          items: [{key: Corefile, path: Corefile}]
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
spec:
  clusterIP: ${CLUSTER_DNS_IP}
  selector: {k8s-app: kube-dns}
  ports:
  - {name: dns, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
EOF
}

# A real query, from node-0's namespace through kube-proxy's rules to CoreDNS.
dp_dns_answers() {
  in_ns node-0 "$(busybox_bin)" nslookup kubernetes.default.svc.cluster.local "$CLUSTER_DNS_IP" 2>/dev/null |
    grep -q "Address.*10\.96\.0\.1\b"
}

# ------------------------------------------------------------------ down ---

# Every process in the cluster's cgroups (shims and containers included).
dp_cgroup_pids() {
  local root
  for root in $(dp_cgroup_roots); do
    [[ -d "${root}/${DP_CGROUP}" ]] || continue
    find "${root}/${DP_CGROUP}" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -un
}

dp_down() {
  local i pids
  for ((i = 0; i < 50; i++)); do
    pids="$(dp_cgroup_pids)"
    [[ -z "$pids" ]] && break
    # shellcheck disable=SC2086  # one pid a word
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
  [[ -z "$(dp_cgroup_pids)" ]] || log "some processes in cgroup ${DP_CGROUP} would not die: $(dp_cgroup_pids | tr '\n' ' ')"
  local root
  for root in $(dp_cgroup_roots); do
    [[ -d "${root}/${DP_CGROUP}" ]] || continue
    find "${root}/${DP_CGROUP}" -depth -type d -exec rmdir {} + 2>/dev/null || true
    [[ -d "${root}/${DP_CGROUP}" ]] && log "could not remove cgroup ${root}/${DP_CGROUP}"
  done
  if [[ -d "$NETNS_DIR" ]]; then
    local f
    for f in "$NETNS_DIR"/*; do
      [[ -e "$f" ]] && { umount "$f" 2>/dev/null || true; }
    done
    mountpoint -q "$NETNS_DIR" && { umount "$NETNS_DIR" || log "could not unmount ${NETNS_DIR}"; }
  fi
  return 0
}
