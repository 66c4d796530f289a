#!/usr/bin/env bash
# One real node of the test cluster: containerd, kubelet and kube-proxy.
# Started by up.sh (dataplane.sh) already inside the node's own network
# namespace and a new private mount namespace, in the node's own cgroup:
#
#   nsenter --net=NETNS unshare --mount --propagation private bash node.sh N
#
# Nothing here is visible on the host: the mounts below live and die with this
# mount namespace, and the network changes with the node's network namespace.
# Every process is recorded in pids/ for down.sh; this script then waits.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

N="$1"
NODE="node-${N}"
NODE_DIR="${STATE_DIR}/nodes/${NODE}"
PIDS="${STATE_DIR}/pids"
LOGS="${STATE_DIR}/logs"
SOCK="${NODE_DIR}/containerd.sock"

# Paths the runtime and kubelet hard-code (/run/containerd for shim sockets,
# /run/netns for pod network namespaces, /var/lib/cni, /var/log/pods and
# /var/log/containers) get per-node folders, so two nodes never share them
# and the host's own folders are never written.
private_mounts() {
  mount -t tmpfs -o mode=755 k8s-labs-node-run /run
  local d
  for d in /var/lib /var/log; do
    mkdir -p "${NODE_DIR}/root${d}"
    mount --bind "${NODE_DIR}/root${d}" "$d"
  done
  # kubelet sets these kernel tunables at start (protectKernelDefaults:
  # false). They are global, not per namespace: give it files holding the
  # host's values instead, so the host keeps its own.
  mkdir -p "${NODE_DIR}/sysctl"
  local f copy
  for f in vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops \
    kernel/keys/root_maxkeys kernel/keys/root_maxbytes; do
    copy="${NODE_DIR}/sysctl/${f//\//.}"
    cat "/proc/sys/${f}" >"$copy"
    mount --bind "$copy" "/proc/sys/${f}"
  done
}

# start NAME CMD...: runs CMD in the background, logs and pid recorded.
start() {
  local name="$1"; shift
  "$@" </dev/null >"${LOGS}/${NODE}-${name}.log" 2>&1 &
  echo "$!" >"${PIDS}/${NODE}-${name}.pid"
  basename "$1" >"${PIDS}/${NODE}-${name}.exe"
}

containerd_ready() { ctr --address "$SOCK" version >/dev/null 2>&1; }

main() {
  private_mounts
  start containerd containerd --config "${NODE_DIR}/containerd.toml"
  local i
  for ((i = 0; i < 200; i++)); do containerd_ready && break; sleep 0.1; done
  containerd_ready || { log "${NODE}: containerd did not start"; tail -n 20 "${LOGS}/${NODE}-containerd.log" >&2; exit 1; }

  # Images: imported from the cached tarballs (images.sh), never pulled.
  local tar
  while read -r tar; do
    [[ -n "$tar" ]] || continue
    ctr --address "$SOCK" -n k8s.io images import --snapshotter overlayfs "$tar" >/dev/null ||
      { log "${NODE}: cannot import ${tar}"; exit 1; }
  done <"${STATE_DIR}/images.list"
  touch "${NODE_DIR}/images.imported"

  start kubelet "${BIN_DIR}/kubelet" \
    --config="${NODE_DIR}/kubelet.yaml" \
    --kubeconfig="${NODE_DIR}/kubelet.kubeconfig" \
    --hostname-override="${NODE}" \
    --node-ip="$(cat "${NODE_DIR}/ip")" \
    --root-dir="${NODE_DIR}/kubelet" \
    --node-labels="k8s-labs.test/node=real"
  start kube-proxy "${BIN_DIR}/kube-proxy" --config="${NODE_DIR}/kube-proxy.yaml"
  wait
}

main "$@"
