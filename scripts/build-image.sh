#!/usr/bin/env bash
# Builds the ironlb image with podman on a machine that reaches no container registry: the two
# base images the Dockerfile takes as arguments are made here, once (cached as podman images),
# from Debian bookworm (debootstrap --variant=minbase) with this machine's node copied in, so
# the image runs the same Node as the tests. Elsewhere, `podman build .` (or docker) with the
# Dockerfile's default bases does the same job.
#
#   scripts/build-image.sh [TAG]        default TAG: localhost/ironlb:dev
#
# Needs root, podman, runc and debootstrap (Debian packages). podman runs with runc and the
# cgroupfs manager (crun fails on this machine's cgroups) and without default ulimits.
set -euo pipefail
cd "$(dirname "$0")/.."
tag=${1:-localhost/ironlb:dev}
cache=$PWD/.cache/image
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$cache"
printf '[containers]\ndefault_ulimits = []\n' > "$cache/containers.conf"
export CONTAINERS_CONF=$cache/containers.conf
pm() { podman --runtime /usr/bin/runc --cgroup-manager cgroupfs "$@"; }

node_bin=$(readlink -f "$(command -v node)")
node_prefix=$(dirname "$(dirname "$node_bin")")

# base NAME EXTRA_PACKAGES WITH_NPM: a Debian bookworm root with this machine's node (and npm and
# node's headers for the build stage), imported as localhost/ironlb-NAME:bookworm.
base() {
  local name=$1 include=$2 with_npm=$3 image=localhost/ironlb-$1:bookworm root=$cache/$1
  if pm image exists "$image"; then return; fi
  echo "== base image $image (debootstrap)"
  rm -rf "$root"
  debootstrap --variant=minbase ${include:+--include=$include} bookworm "$root" "$mirror" >"$cache/$name.log" 2>&1 ||
    { tail -n 20 "$cache/$name.log"; exit 1; }
  install -m 0755 "$node_bin" "$root/usr/local/bin/node"
  if [ "$with_npm" = yes ]; then
    mkdir -p "$root/usr/local/lib/node_modules" "$root/usr/include"
    cp -a "$node_prefix/lib/node_modules/npm" "$root/usr/local/lib/node_modules/"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
    cp -a "$node_prefix/include/node" "$root/usr/include/node"
  fi
  rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"*
  tar -C "$root" -c . | pm import - "$image" >/dev/null
  rm -rf "$root"
}

base build-base ca-certificates,python3,make,g++ yes
base run-base ca-certificates no

ca=/etc/ssl/certs/ca-certificates.crt
echo "== podman build $tag"
pm build --network host \
  --volume "$ca:/etc/ssl/certs/builder-ca.crt:ro" \
  --build-arg NODE_EXTRA_CA_CERTS=/etc/ssl/certs/builder-ca.crt \
  --build-arg npm_config_nodedir=/usr \
  --build-arg BUILD_IMAGE=localhost/ironlb-build-base:bookworm \
  --build-arg RUN_IMAGE=localhost/ironlb-run-base:bookworm \
  --tag "$tag" .
pm image inspect "$tag" --format '{{.Size}}' >"$cache/size"
echo "built $tag ($(( $(cat "$cache/size") / 1000000 )) MB)"
