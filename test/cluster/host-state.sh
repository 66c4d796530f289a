#!/usr/bin/env bash
# Prints the host state that the test cluster must leave as it found it:
# the sysctls kubelet, kube-proxy and CNI would set, links, addresses, routes,
# rules, iptables/ip6tables rules, top-level cgroups, mounts and /run/netns.
# A test compares this before `up` and after `down` (test/integration).
set -uo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
source "${TESTCLUSTER_SRC}/dataplane.sh"
echo "## sysctl"
for f in "${DP_SYSCTLS[@]}" net/ipv4/conf/all/route_localnet net/netfilter/nf_conntrack_max; do
  printf '%s = %s\n' "$f" "$(cat "/proc/sys/$f" 2>/dev/null || echo absent)"
done
echo "## links"; ip -o link show | sed 's/ *link\/.*//' | sort
echo "## addresses"; ip -o addr show | awk '{print $2, $3, $4}' | sort
echo "## routes"; ip route show table all | sort
echo "## rules"; ip rule show | sort
echo "## iptables"; iptables-save 2>/dev/null | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//' | sort
echo "## ip6tables"; ip6tables-save 2>/dev/null | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//' | sort
echo "## cgroups"; for r in $(dp_cgroup_roots); do find "$r" -maxdepth 1 -mindepth 1 -type d; done | sort
echo "## mounts"; awk '{print $5, $9}' /proc/self/mountinfo | sort
echo "## netns"; ls /run/netns 2>/dev/null | sort
exit 0
