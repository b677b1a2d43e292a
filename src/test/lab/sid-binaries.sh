#!/usr/bin/env bash
# Newer upstream binaries for the test bed and the render validators, taken from Debian's development suite (sid)
# without installing anything on this bookworm system: a private apt configuration downloads the .deb files and
# dpkg-deb unpacks them into a cache (../shared/lab-notes.md, "Newer binaries from Debian's development suite").
# Their glibc needs are met by bookworm's (checked: containerd 2.1, CNI plugins 1.9.1, etcd 3.5 + etcdutl,
# kubectl 1.36). runc comes from bookworm itself (sid's needs GLIBC_2.38).
#
#   sid-binaries.sh            download (once) and print the cache root; idempotent, offline after the first run
#   sid-binaries.sh --path     print the cache root only, exit 1 if it is not complete
#
# Layout of the cache root ($HARDWAY_SID_CACHE, default /var/cache/hardway-sid):
#   root/usr/bin/{containerd,containerd-shim-runc-v2,ctr,etcd,etcdctl,etcdutl,kubectl,runc}
#   root/usr/lib/cni/{bridge,host-local,loopback,portmap,...}
#   versions    one "package version" line per package
set -euo pipefail

CACHE=${HARDWAY_SID_CACHE:-/var/cache/hardway-sid}
SID_PKGS=(containerd containernetworking-plugins etcd-server etcd-client kubectl)
BOOKWORM_PKGS=(runc)
NEEDED=(usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/bin/ctr usr/bin/etcdutl usr/bin/etcdctl usr/bin/etcd
  usr/bin/kubectl usr/bin/runc usr/lib/cni/bridge usr/lib/cni/host-local usr/lib/cni/loopback)

complete() {
  local f
  for f in "${NEEDED[@]}"; do [ -x "$CACHE/root/$f" ] || return 1; done
}

if [ "${1:-}" = --path ]; then
  complete && { echo "$CACHE"; exit 0; }
  echo "sid-binaries.sh: $CACHE is not complete; run src/test/lab/sid-binaries.sh as root" >&2
  exit 1
fi

if complete; then
  echo "$CACHE"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "sid-binaries.sh: must run as root the first time (writes $CACHE)" >&2
  exit 1
fi

work=$CACHE/apt
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$CACHE/root"
cat >"$work/sid.list" <<LIST
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main
LIST
# An empty dpkg status and no preferences: what this system has installed or pinned (the image's google-cloud-cli
# kubectl is "1:528.0.0") must not decide which sid version is downloaded.
: >"$work/status"
apt_sid=(apt-get -q -o Dir::Etc::SourceList="$work/sid.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null -o Dir::State::status="$work/status"
  -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o APT::Sandbox::User=root)
echo "sid-binaries.sh: downloading ${SID_PKGS[*]} from Debian sid and ${BOOKWORM_PKGS[*]} from bookworm (nothing is installed)" >&2
"${apt_sid[@]}" update >&2
(cd "$work/debs" && "${apt_sid[@]}" download "${SID_PKGS[@]}" >&2)
(cd "$work/debs" && apt-get -q -o APT::Sandbox::User=root download "${BOOKWORM_PKGS[@]}" >&2 2>/dev/null) || {
  apt-get update -q >&2
  (cd "$work/debs" && apt-get -q -o APT::Sandbox::User=root download "${BOOKWORM_PKGS[@]}" >&2)
}
: >"$CACHE/versions"
for d in "$work"/debs/*.deb; do
  dpkg-deb -x "$d" "$CACHE/root"
  dpkg-deb -W --showformat='${Package} ${Version}\n' "$d" >>"$CACHE/versions"
done
if ! complete; then
  echo "sid-binaries.sh: the packages did not provide every binary needed:" >&2
  for f in "${NEEDED[@]}"; do [ -x "$CACHE/root/$f" ] || echo "  missing $f" >&2; done
  exit 1
fi
cat "$CACHE/versions" >&2
echo "$CACHE"
