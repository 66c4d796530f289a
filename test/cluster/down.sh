#!/usr/bin/env bash
# Stops the test cluster started by up.sh and removes its state dir.
#
#   bash test/cluster/down.sh
#
# Only processes recorded in ${STATE_DIR}/pids are touched, and each one only
# after checking that its command line is the expected binary AND refers to
# this state dir (a recycled pid is never killed). SIGTERM first, SIGKILL
# after a grace period (K8S_LABS_TESTCLUSTER_GRACE seconds, default 10).
# Safe to run when nothing is up. K8S_LABS_TESTCLUSTER_KEEP_STATE=1 keeps the
# state dir (up.sh uses it on failure so the logs survive).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

GRACE="${K8S_LABS_TESTCLUSTER_GRACE:-10}"
PIDS="${STATE_DIR}/pids"
# shellcheck source=dataplane.sh
source "${TESTCLUSTER_SRC}/dataplane.sh"

# Echoes the pid recorded for $1 if that process is alive and is ours.
verified_pid() {
  local name="$1" pid cmdline argv0 exe
  pid="$(cat "${PIDS}/${name}.pid" 2>/dev/null)" || return 1
  exe="$(cat "${PIDS}/${name}.exe" 2>/dev/null || echo "$name")"
  [[ "$pid" =~ ^[0-9]+$ && -r "/proc/${pid}/cmdline" ]] || return 1
  # braces: also silence the shell's own error if the process just vanished
  cmdline="$({ tr '\0' ' ' <"/proc/${pid}/cmdline"; } 2>/dev/null)" || return 1
  [[ -n "$cmdline" ]] || return 1   # zombie: already exited
  argv0="${cmdline%% *}"
  if [[ "$(basename "$argv0")" != "$exe" || "$cmdline" != *"${STATE_DIR}"* ]]; then
    log "pid ${pid} recorded for ${name} is now '${argv0}', not ours: leaving it alone"
    return 1
  fi
  echo "$pid"
}

# A zombie (state Z) has exited already; only its parent can reap it.
alive() { [[ -d "/proc/$1" ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# stop_group NAME...: SIGTERM every named component that is running and ours,
# wait for all of them (up to GRACE seconds), then SIGKILL the stragglers.
stop_group() {
  local -a names=() pids=()
  local i name pid
  for name in "$@"; do
    pid="$(verified_pid "$name")" || continue
    log "stopping ${name} (pid ${pid})"
    kill -TERM "$pid" 2>/dev/null || true
    names+=("$name"); pids+=("$pid")
  done
  ((${#pids[@]} > 0)) || return 0

  local t0 deadline=$((SECONDS + GRACE)) left
  t0="$(date +%s.%N)"
  local -A gone=()
  while :; do
    left=0
    for i in "${!pids[@]}"; do
      [[ -n "${gone[$i]:-}" ]] && continue
      if alive "${pids[i]}"; then
        left=$((left + 1))
      else
        gone[$i]=1; log "${names[i]} exited after $(elapsed "$t0")s"
      fi
    done
    ((left == 0)) && return 0
    ((SECONDS < deadline)) || break
    sleep 0.1
  done
  for i in "${!pids[@]}"; do
    if alive "${pids[i]}"; then
      log "${names[i]} (pid ${pids[i]}) ignored SIGTERM for ${GRACE}s: SIGKILL"
      kill -KILL "${pids[i]}" 2>/dev/null || true
    fi
  done
}

remove_state() {
  [[ -n "${K8S_LABS_TESTCLUSTER_KEEP_STATE:-}" ]] && return 0
  [[ -d "$STATE_DIR" ]] || return 0
  # Refuse to rm -rf anything up.sh did not create (e.g. a mistyped env var).
  if [[ ! -f "${STATE_DIR}/.k8s-labs-testcluster" ]]; then
    die "${STATE_DIR} has no .k8s-labs-testcluster marker; not deleting it"
  fi
  rm -rf "$STATE_DIR"
  log "removed ${STATE_DIR}"
}

main() {
  local t0; t0="$(date +%s.%N)"
  lock_state_dir
  # Real nodes first: everything in their cgroups (node supervisors,
  # containerd, shims, containers, kubelet, kube-proxy) is killed by cgroup,
  # which also covers an `up` interrupted before any pid was written.
  dp_down
  if [[ -d "$PIDS" ]]; then
    # etcd last and on its own: a kube-apiserver that loses etcd in the
    # middle of its graceful shutdown can hang until SIGKILL.
    stop_group kwok kube-scheduler kube-controller-manager kube-apiserver relay-underlay relay-host
    stop_group etcd
  fi
  dp_down   # the network namespaces, once the relay inside the underlay has gone
  remove_state
  log "test cluster down in $(elapsed "$t0")s"
}

main "$@"
