#!/usr/bin/env bash
# Builds, without a registry or a Docker daemon, every image the test cluster's
# nodes need, as docker-archive tarballs that `ctr images import` takes:
# the sandbox (pause), CoreDNS, and every image a shipped lab names, under
# exactly the name the lab uses. Faithful builds of the same software where it
# can be built here, a documented stand-in where it cannot (README.md, "Images").
#
#   bash test/cluster/images.sh     # build what is missing; prints one tarball path a line
#
# Tarballs are cached OUTSIDE the repo (IMAGES_DIR, keyed by every input
# version), so a warm `up` imports them and rebuilds nothing. Needs the binaries
# of build.sh and, for the Debian-based images, debootstrap (installed by
# dataplane-deps.sh) and Debian's archive.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

DEBIAN_SUITE=bookworm
DEBIAN_MIRROR="${K8S_LABS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# make_image OUT CONFIG ROOTFS REF...: a one-layer docker-archive at OUT whose
# image config is CONFIG (the "config" object of the image spec, as JSON) and
# whose layer is the ROOTFS folder, tagged with every REF. The layer tar is
# reproducible (sorted, mtime 0, root-owned), so equal inputs give equal ids.
make_image() {
  local out="$1" config="$2" rootfs="$3"; shift 3
  local work diff cfg tags="" ref
  work="$(mktemp -d)"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$rootfs" -cf "$work/layer.tar" .
  diff="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
  printf '{"architecture":"amd64","os":"linux","config":%s,"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"k8s-labs test/cluster/images.sh"}]}' \
    "$config" "$diff" >"$work/config.json"
  cfg="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
  mkdir "$work/$diff"
  mv "$work/layer.tar" "$work/$diff/layer.tar"
  mv "$work/config.json" "$work/$cfg.json"
  for ref in "$@"; do tags+="${tags:+,}\"${ref}\""; done
  printf '[{"Config":"%s.json","RepoTags":[%s],"Layers":["%s/layer.tar"]}]' "$cfg" "$tags" "$diff" >"$work/manifest.json"
  tar -C "$work" -cf "${out}.partial" manifest.json "$cfg.json" "$diff/layer.tar"
  mv -f "${out}.partial" "$out"
  rm -rf "$work"
}

# static_rootfs DIR FILE...: a minimal root (tmp, etc/passwd) holding FILEs at /.
static_rootfs() {
  local dir="$1" f; shift
  rm -rf "$dir"; mkdir -p "$dir/tmp" "$dir/etc" "$dir/bin"
  chmod 1777 "$dir/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
  for f in "$@"; do cp "$f" "$dir/"; done
}

# busybox_into DIR: BusyBox 1.37.0 (Debian trixie's static build, the
# release the labs' busybox:1.37.0 names; bookworm's 1.35 wget crashes on -T)
# as /bin/sh and its applets.
busybox_into() {
  local bb applet
  bb="$(busybox_bin)"
  cp "$bb" "$1/bin/busybox"
  for applet in $("$bb" --list); do
    [[ -e "$1/bin/$applet" ]] || ln -s busybox "$1/bin/$applet"
  done
}

# debian_rootfs NAME PACKAGES [SUITE]: a Debian root (minbase + PACKAGES,
# comma separated) from Debian's archive. Cached on its own: debootstrap is
# the slowest step (minutes), and its input is only the suite and packages.
debian_rootfs() {
  local suite="${3:-$DEBIAN_SUITE}" packages="$2"
  local dir="${ROOTFS_DIR}/$1-${suite}"
  if [[ ! -f "$dir/.complete" ]]; then
    command -v debootstrap >/dev/null || die "debootstrap not found (dataplane.sh installs it)"
    log "debootstrap ${suite} (minbase + ${packages}) from ${DEBIAN_MIRROR}: a minute or two, once"
    rm -rf "$dir.partial"; mkdir -p "$ROOTFS_DIR"
    debootstrap --variant=minbase --include="$packages" "$suite" "$dir.partial" "$DEBIAN_MIRROR" >&2 ||
      die "debootstrap failed (see above)"
    rm -rf "$dir"; mv "$dir.partial" "$dir"
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# slim_copy SRC OUT: a copy of a Debian root trimmed like a -slim image.
slim_copy() {
  rm -rf "$2"; cp -a "$1" "$2"; rm -f "$2/.complete"
  rm -rf "$2"/usr/share/{doc,man,info,locale}/* "$2"/var/cache/apt/* "$2"/var/lib/apt/lists/* \
    "$2"/var/log/*.log "$2"/var/cache/debconf/*-old
}

# nginx_rootfs DIR: the official image's contents (Debian bookworm-slim,
# nginx, curl), serving the same "Welcome to nginx!" page at the same path,
# with logs to the container's stdout/stderr.
nginx_rootfs() {
  local out="$1"
  slim_copy "$(debian_rootfs nginx nginx,curl)" "$out"
  # Debian's nginx-common ships the upstream page at the official image's path.
  [[ -f "$out/usr/share/nginx/html/index.html" ]] || die "nginx: /usr/share/nginx/html/index.html missing"
  sed -i 's#root /var/www/html;#root /usr/share/nginx/html;#' "$out/etc/nginx/sites-available/default"
  ln -sf /dev/stdout "$out/var/log/nginx/access.log"
  ln -sf /dev/stderr "$out/var/log/nginx/error.log"
}

# build_image NAME KEY BUILDER CONFIG REF...: IMAGES_DIR/NAME-KEY.tar unless cached.
IMAGES_BUILT=()
OUTS=()
build_image() {
  local name="$1" key="$2" builder="$3" config="$4"; shift 4
  local out="${IMAGES_DIR}/${name}-${key}.tar" root
  OUTS+=("$out")
  if [[ -f "$out" ]]; then return; fi
  local start; start="$(date +%s.%N)"
  root="$(mktemp -d)"
  "$builder" "$root/rootfs"
  make_image "$out" "$config" "$root/rootfs" "$@"
  rm -rf "$root"
  IMAGES_BUILT+=("$(printf '%-10s %6ss  %s' "$name" "$(elapsed "$start")" "$*")")
}

rootfs_pause() { static_rootfs "$1" "${BIN_DIR}/pause"; }
rootfs_coredns() { static_rootfs "$1" "$COREDNS_BIN"; mv "$1/$(basename "$COREDNS_BIN")" "$1/coredns"; }
rootfs_whoami() { static_rootfs "$1" "$WHOAMI_BIN"; mv "$1/$(basename "$WHOAMI_BIN")" "$1/whoami"; }
# The upstream agnhost image is Alpine plus curl, bind-tools, netcat, iproute2,
# iperf, bash and socat, a coredns binary and the agnhost program; ours is the
# same tools from Debian bookworm, the cluster's CoreDNS, and agnhost of the
# pinned release, at the same paths.
rootfs_agnhost() {
  slim_copy "$(debian_rootfs agnhost curl,dnsutils,netcat-openbsd,iproute2,iperf,socat,wget)" "$1"
  cp "${BIN_DIR}/agnhost" "$1/agnhost"
  ln -s agnhost "$1/agnhost-2"
  # porter's TLS listeners (the e2e proxy tests) read these, as upstream's Dockerfile ADDs them.
  local src; src="$(mod_field "$(find_go)" "k8s.io/kubernetes@${KUBERNETES_VERSION}" Dir)/test/images/agnhost/porter"
  cp "$src/localhost.crt" "$src/localhost.key" "$1/"
  cp "$COREDNS_BIN" "$1/coredns"
  mkdir -p "$1/uploads"
  echo 'user-defined-in-image:x:1000:1000::/home/user-defined-in-image:/bin/sh' >>"$1/etc/passwd"
  printf 'user-defined-in-image:x:1000:\ngroup-defined-in-image:x:50000:user-defined-in-image\n' >>"$1/etc/group"
}
rootfs_mongo() { static_rootfs "$1" "${BIN_DIR}/agnhost"; busybox_into "$1"; }
rootfs_busybox() { static_rootfs "$1"; busybox_into "$1"; }
# The e2e suite's DNS prober: upstream's Dockerfile is Debian + dnsutils + a
# coredns binary; ours is the same with the cluster's own CoreDNS build.
rootfs_dnsutils() {
  slim_copy "$(debian_rootfs dnsutils dnsutils)" "$1"
  cp "$COREDNS_BIN" "$1/coredns"
}

main() {
  node_binaries_present || die "data-plane binaries missing: run test/cluster/build.sh first"
  mkdir -p "$IMAGES_DIR"
  local pause_tag bb_version
  pause_tag="$(cat "${BIN_DIR}/pause.version")"
  local bb; bb="$(busybox_bin)"
  # busybox without an applet prints its banner and exits 1: read the banner only.
  bb_version="$({ "$bb" 2>/dev/null || true; } | sed -n '1s/^BusyBox \(v[^ ]*\).*/\1/p')"
  [[ -n "$bb_version" ]] || die "cannot read the BusyBox version of ${bb}"

  build_image pause "${pause_tag}" rootfs_pause \
    '{"Entrypoint":["/pause"],"User":"65535:65535"}' \
    "registry.k8s.io/pause:${pause_tag}"
  build_image coredns "${COREDNS_VERSION}" rootfs_coredns \
    '{"Entrypoint":["/coredns"],"ExposedPorts":{"53/tcp":{},"53/udp":{}}}' \
    "registry.k8s.io/coredns/coredns:${COREDNS_VERSION}"
  # Stand-in (whoami/main.go): same port settings and `GET /` body as whoami.
  build_image whoami "${WHOAMI_VERSION}" rootfs_whoami \
    '{"Entrypoint":["/whoami"],"ExposedPorts":{"80/tcp":{}}}' \
    "docker.io/traefik/whoami:v1.11.0"
  # agnhost of the pinned release, under the tag the labs use and the tags the
  # pinned e2e suite asks for.
  build_image agnhost "${KUBERNETES_VERSION}-${DEBIAN_SUITE}-${COREDNS_VERSION}-2" rootfs_agnhost \
    '{"Entrypoint":["/agnhost"],"Cmd":["pause"]}' \
    "registry.k8s.io/e2e-test-images/agnhost:2.52" \
    "registry.k8s.io/e2e-test-images/agnhost:2.55" \
    "registry.k8s.io/e2e-test-images/agnhost:2.66.1"
  build_image busybox "bb${bb_version}" rootfs_busybox \
    '{"Cmd":["sh"]}' \
    "docker.io/library/busybox:1.37.0" "registry.k8s.io/e2e-test-images/busybox:1.37.0-2"
  build_image nginx "${DEBIAN_SUITE}" nginx_rootfs \
    '{"Cmd":["nginx","-g","daemon off;"],"ExposedPorts":{"80/tcp":{}},"StopSignal":"SIGQUIT","Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}' \
    "docker.io/library/nginx:1.27" "registry.k8s.io/e2e-test-images/nginx:1.27.0-2"
  # Only the e2e suite uses it (conformance.sh), so only CONFORMANCE=1 builds it.
  if [[ -n "${CONFORMANCE:-}" ]]; then
    build_image glibc-dns-testing "${DEBIAN_SUITE}-${COREDNS_VERSION}" rootfs_dnsutils \
      '{"Cmd":["sh"]}' "registry.k8s.io/e2e-test-images/glibc-dns-testing:2.1.1"
  fi
  # Stand-in: MongoDB is not in Debian and cannot be built here. The image
  # listens on mongod's port (TCP 27017), which is all the labs' checks use
  # (agnhost connect); it speaks HTTP there, not the MongoDB wire protocol.
  build_image mongo "standin-${KUBERNETES_VERSION}-bb${bb_version}" rootfs_mongo \
    '{"Entrypoint":["/agnhost","netexec","--http-port=27017","--udp-port=-1"],"ExposedPorts":{"27017/tcp":{}}}' \
    "docker.io/library/mongo:7.0"

  local t
  for t in "${IMAGES_BUILT[@]+"${IMAGES_BUILT[@]}"}"; do log "image built: $t"; done
  ((${#IMAGES_BUILT[@]} > 0)) || log "all images present in ${IMAGES_DIR} (cached)"
  printf '%s\n' "${OUTS[@]}"
}

main "$@"
