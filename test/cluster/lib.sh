# shellcheck shell=bash
# Shared helpers for build.sh / up.sh / down.sh. Sourced, never executed.
# shellcheck disable=SC2034  # variables here are used by the sourcing scripts

TESTCLUSTER_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "${TESTCLUSTER_SRC}/versions.env"

# Build outputs live OUTSIDE the repo, keyed by every pinned version, so a bump
# never reuses stale binaries and two checkouts share one build.
CACHE_ROOT="${K8S_LABS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/k8s-labs}"
BUILD_KEY="k8s-${KUBERNETES_VERSION}-etcd-${ETCD_VERSION}-kwok-${KWOK_VERSION}"
BUILD_DIR="${CACHE_ROOT}/testcluster/${BUILD_KEY}"
BIN_DIR="${BUILD_DIR}/bin"
STAGE_SRC_DIR="${BUILD_DIR}/kwok-stages"   # stage files copied from the kwok module

# Runtime state (certs, logs, pids, kubeconfig) of the running cluster.
STATE_DIR="${K8S_LABS_TESTCLUSTER_DIR:-${TMPDIR:-/tmp}/k8s-labs-testcluster}"
[[ "$STATE_DIR" == /* ]] || STATE_DIR="${PWD}/${STATE_DIR}"   # up prints an absolute path
STATE_DIR="${STATE_DIR%/}"

# Components in start order; down.sh stops them in reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)

# Progress goes to stderr so stdout can carry only the kubeconfig path.
log() { printf '[testcluster] %s\n' "$*" >&2; }
die() { printf '[testcluster] ERROR: %s\n' "$*" >&2; exit 1; }

# Seconds (with one decimal) elapsed since a `date +%s.%N` timestamp.
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# The Go toolchain: $GO, then PATH, then the usual tarball location.
find_go() {
  if [[ -n "${GO:-}" ]]; then echo "$GO"; return; fi
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  if [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go; return; fi
  die "Go toolchain not found (set GO=/path/to/go)"
}

# mod_field GO MODULE@VERSION FIELD: one string field (Dir, GoMod, Info, ...)
# of `go mod download -json` (downloads through the module proxy if needed).
# Parsed with sed so jq is not a dependency. Run from / so no go.mod applies.
mod_field() {
  local json
  json="$(cd / && "$1" mod download -json "$2")" || die "cannot download $2 through the Go module proxy"
  sed -n "s/^[[:space:]]*\"$3\": \"\(.*\)\",\{0,1\}\$/\1/p" <<<"$json"
}

# Serializes up.sh/down.sh on one state dir: two concurrent runs (e.g. two
# test processes) would otherwise delete or overwrite each other's files.
# The lock lives next to the state dir because down.sh deletes the dir.
# Children started by up.sh must close fd 9, or they would hold the lock.
lock_state_dir() {
  [[ -n "${K8S_LABS_TESTCLUSTER_LOCK_HELD:-}" ]] && return 0   # parent holds it
  command -v flock >/dev/null 2>&1 || { log "flock not found: running unlocked"; return 0; }
  mkdir -p "$(dirname "$STATE_DIR")"
  exec 9>"${STATE_DIR}.lock"
  if ! flock -n 9; then
    log "waiting for another up/down on ${STATE_DIR} to finish..."
    flock -w "${K8S_LABS_TESTCLUSTER_LOCK_TIMEOUT:-600}" 9 || die "timed out waiting for ${STATE_DIR}.lock"
  fi
  export K8S_LABS_TESTCLUSTER_LOCK_HELD=1
}

# Data-plane binaries: kubelet, kube-proxy, agnhost and pause come from the
# pinned Kubernetes release (BIN_DIR); add-ons with their own release are
# named by version in ADDONS_DIR so a bump never reuses a stale build.
NODE_BINARIES=(kubelet kube-proxy agnhost pause)
ADDONS_DIR="${CACHE_ROOT}/testcluster/addons"
COREDNS_BIN="${ADDONS_DIR}/coredns-${COREDNS_VERSION}"
WHOAMI_BIN="${ADDONS_DIR}/whoami-${WHOAMI_VERSION}"
E2E_BIN="${BIN_DIR}/e2e.test"
IMAGES_DIR="${CACHE_ROOT}/testcluster/images"
ROOTFS_DIR="${CACHE_ROOT}/testcluster/rootfs"   # debootstrapped roots (images.sh)

# BusyBox 1.37.0 from Debian trixie (images.sh debootstraps it once): the
# images' shell and the probe up.sh uses to ask CoreDNS.
busybox_bin() {
  local dir="${ROOTFS_DIR}/busybox-trixie"
  if [[ ! -f "$dir/.complete" ]]; then
    log "debootstrap trixie (minbase + busybox-static) for BusyBox 1.37.0: once"
    rm -rf "$dir.partial"; mkdir -p "$ROOTFS_DIR"
    debootstrap --variant=minbase --include=busybox-static trixie "$dir.partial" \
      "${K8S_LABS_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >&2 || die "debootstrap of trixie failed (see above)"
    rm -rf "$dir"; mv "$dir.partial" "$dir"; touch "$dir/.complete"
  fi
  echo "$dir/bin/busybox"
}

node_binaries_present() {
  local b
  for b in "${NODE_BINARIES[@]}"; do [[ -x "${BIN_DIR}/${b}" ]] || return 1; done
  [[ -x "$COREDNS_BIN" && -x "$WHOAMI_BIN" ]]
}

binaries_present() {
  local b
  for b in "${BINARIES[@]}"; do [[ -x "${BIN_DIR}/${b}" ]] || return 1; done
  [[ -f "${STAGE_SRC_DIR}/.complete" ]]
}
