#!/usr/bin/env bash
# Builds the test cluster from Go modules at the versions pinned in
# versions.env: the control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, kwok) and the data plane (kubelet, kube-proxy, the
# pause program, CoreDNS, and the agnhost and whoami programs that lab images
# run). Outputs go to a cache dir OUTSIDE the repo (see lib.sh), keyed by the
# versions; a second run with all binaries present is a no-op.
#
#   bash test/cluster/build.sh          # build what is missing
#   bash test/cluster/build.sh --e2e    # also the upstream e2e.test (conformance.sh)
#   K8S_LABS_TESTCLUSTER_DATAPLANE=0 bash test/cluster/build.sh   # control plane only
#   FORCE=1 bash test/cluster/build.sh  # rebuild everything
#
# Progress goes to stderr; stdout prints the bin dir (for scripting).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

GO_BIN=""   # set in main, so a cached build needs no Go toolchain at all
# Never let go.mod's `go` line trigger a toolchain download; static binaries so
# the cache dir can be copied between machines of the same arch.
export GOTOOLCHAIN=local CGO_ENABLED=0
unset GOFLAGS

declare -a TIMINGS=()

# Release date of the pinned tag as the proxy reports it: a reproducible
# buildDate (unlike `date`), so identical inputs give identical binaries.
release_date() {
  local info
  info="$(mod_field "$GO_BIN" "k8s.io/kubernetes@${KUBERNETES_VERSION}" Info)"
  sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info"
}

# -X flags that `hack/lib/version.sh` sets upstream, so `--version` and
# `kubectl version` report the real release instead of v0.0.0-master.
# gitCommit is left empty: the module proxy does not expose the tag's commit.
k8s_ldflags() {
  local v="${KUBERNETES_VERSION}" date major minor pkg flags="-s -w"
  date="$(release_date)"
  major="${v#v}"; major="${major%%.*}"
  minor="${v#v*.}"; minor="${minor%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X ${pkg}.gitVersion=${v} -X ${pkg}.gitMajor=${major} -X ${pkg}.gitMinor=${minor}"
    flags+=" -X ${pkg}.gitCommit= -X ${pkg}.gitTreeState=archive -X ${pkg}.buildDate=${date}"
  done
  echo "$flags"
}

# timed_build NAME OUT CMD...: runs CMD unless OUT exists; records duration.
timed_build() {
  local name="$1" out="$2"; shift 2
  if [[ -x "$out" && -z "${FORCE:-}" ]]; then
    log "${name}: already built, skipping"
    return
  fi
  log "${name}: building..."
  local start; start="$(date +%s.%N)"
  "$@" || die "${name}: build failed"
  local took; took="$(elapsed "$start")"
  TIMINGS+=("$(printf '%-24s %7ss' "$name" "$took")")
  log "${name}: built in ${took}s"
}

# go build into a temp name then rename, so a killed build never leaves a
# truncated binary that a later run would mistake for a finished one.
go_build() {
  local moddir="$1" pkg="$2" out="$3" ldflags="$4"
  (cd "${TESTCLUSTER_SRC}/${moddir}" &&
    "$GO_BIN" build -trimpath -buildvcs=false -ldflags "$ldflags" -o "${out}.partial" "$pkg") &&
    mv -f "${out}.partial" "$out"
}

# go_install PKG@VERSION OUT LDFLAGS: a program installed straight from its
# module (no local source), GOBIN into a temp dir then moved to OUT.
go_install() {
  local pkg="$1" out="$2" ldflags="$3" tmp; tmp="$(mktemp -d)"
  (cd / && GOBIN="$tmp" "$GO_BIN" install -trimpath -ldflags "$ldflags" "$pkg") &&
    mv -f "$tmp/$(basename "${pkg%@*}")" "$out"
  local rc=$?; rm -rf "$tmp"; return "$rc"
}

# The sandbox ("pause") program is C in upstream's build/pause; built the way
# its Makefile does (static, -Os, VERSION define) from the pinned module.
pause_build() {
  local dir tag
  dir="$(mod_field "$GO_BIN" "k8s.io/kubernetes@${KUBERNETES_VERSION}" Dir)/build/pause"
  tag="$(sed -n 's/^TAG ?= //p' "$dir/Makefile")"
  command -v gcc >/dev/null || die "pause: gcc not found (apt-get install gcc libc6-dev)"
  gcc -Os -Wall -Werror -static -DVERSION="v${tag}" -o "${BIN_DIR}/pause.partial" "$dir/linux/pause.c" &&
    mv -f "${BIN_DIR}/pause.partial" "${BIN_DIR}/pause" &&
    echo "$tag" >"${BIN_DIR}/pause.version"
}

# The upstream end-to-end suite (sig-network part, k8s/cmd/e2e) as a test binary.
e2e_build() {
  (cd "${TESTCLUSTER_SRC}/k8s" &&
    "$GO_BIN" test -c -trimpath -buildvcs=false -ldflags "$1" -o "${E2E_BIN}.partial" ./cmd/e2e) &&
    mv -f "${E2E_BIN}.partial" "$E2E_BIN"
}

# KWOK's stage definitions (how fake nodes/pods move through their lifecycle)
# ship in its module under kustomize/stage; copy them from GOMODCACHE rather
# than hand-writing them, so they always match the kwok binary.
copy_kwok_stages() {
  local dir
  dir="$(mod_field "$GO_BIN" "sigs.k8s.io/kwok@${KWOK_VERSION}" Dir)"
  [[ -d "$dir/kustomize/stage" ]] || die "kwok stage files not found in $dir"
  rm -rf "$STAGE_SRC_DIR"; mkdir -p "$STAGE_SRC_DIR"
  cp -R "$dir/kustomize/stage/." "$STAGE_SRC_DIR/"
  chmod -R u+w "$STAGE_SRC_DIR"   # module cache files are read-only
  touch "$STAGE_SRC_DIR/.complete"
}

WANT_NODE=1
WANT_E2E=""
[[ "${K8S_LABS_TESTCLUSTER_DATAPLANE:-1}" == 0 ]] && WANT_NODE=""

# Everything this run was asked for is in the cache.
all_present() {
  binaries_present || return 1
  [[ -z "$WANT_NODE" ]] || node_binaries_present || return 1
  [[ -z "$WANT_E2E" ]] || [[ -x "$E2E_BIN" ]]
}

main() {
  local a
  for a in "$@"; do
    case "$a" in
      --e2e) WANT_E2E=1 ;;
      *) die "unknown argument: $a (expected --e2e)" ;;
    esac
  done
  if all_present && [[ -z "${FORCE:-}" ]]; then
    log "all binaries present in ${BIN_DIR} (cached build, nothing to do)"
    echo "$BIN_DIR"
    return
  fi
  # Two cold `up`s at once (parallel CI jobs) must not both write the same
  # binaries: the second waits here, then finds everything built.
  mkdir -p "$BIN_DIR"
  exec 8>"${BUILD_DIR}.lock"
  if command -v flock >/dev/null 2>&1 && ! flock -n 8; then
    log "another build of ${BUILD_KEY} is running; waiting for it..."
    flock 8
    if all_present && [[ -z "${FORCE:-}" ]]; then echo "$BIN_DIR"; return; fi
  fi
  GO_BIN="$(find_go)"
  "${TESTCLUSTER_SRC}/gen-gomod.sh" --check
  log "building ${BUILD_KEY} with $("$GO_BIN" version | cut -d' ' -f3) into ${BIN_DIR}"
  local total_start ldflags; total_start="$(date +%s.%N)"
  ldflags="$(k8s_ldflags)"

  timed_build etcd "${BIN_DIR}/etcd" go_build etcd . "${BIN_DIR}/etcd" "-s -w"
  local c
  for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    timed_build "$c" "${BIN_DIR}/$c" go_build k8s "./cmd/$c" "${BIN_DIR}/$c" "$ldflags"
  done
  timed_build kwok "${BIN_DIR}/kwok" go_install "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}" "${BIN_DIR}/kwok" \
    "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}"
  [[ -f "${STAGE_SRC_DIR}/.complete" && -z "${FORCE:-}" ]] || copy_kwok_stages

  if [[ -n "$WANT_NODE" ]]; then
    mkdir -p "$ADDONS_DIR"
    for c in kubelet kube-proxy; do
      timed_build "$c" "${BIN_DIR}/$c" go_build k8s "./cmd/$c" "${BIN_DIR}/$c" "$ldflags"
    done
    timed_build agnhost "${BIN_DIR}/agnhost" go_build k8s k8s.io/kubernetes/test/images/agnhost "${BIN_DIR}/agnhost" "$ldflags"
    timed_build pause "${BIN_DIR}/pause" pause_build
    timed_build coredns "$COREDNS_BIN" go_build coredns . "$COREDNS_BIN" "-s -w"
    timed_build whoami "$WHOAMI_BIN" go_build whoami . "$WHOAMI_BIN" "-s -w"
  fi
  [[ -z "$WANT_E2E" ]] || timed_build e2e.test "$E2E_BIN" e2e_build "$ldflags"

  log "build summary (this machine, $(nproc) cores):"
  local t; for t in "${TIMINGS[@]+"${TIMINGS[@]}"}"; do log "  $t"; done
  log "  $(printf '%-24s %7ss' total "$(elapsed "$total_start")")"
  all_present || die "build finished but binaries are missing in ${BIN_DIR} or ${ADDONS_DIR}"
  echo "$BIN_DIR"
}

main "$@"
