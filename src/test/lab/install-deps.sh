#!/usr/bin/env bash
# Installs everything the namespace test bed (lab.sh) needs, from Debian's packages.
# Idempotent: does nothing (not even `apt-get update`) when every package is already installed.
# Keeps /usr/sbin/policy-rc.d as it is: package services must never start in the root namespace;
# they run only inside the lab's nodes, under each node's own systemd.
set -euo pipefail

PKGS=(
  openssh-server openssh-client
  etcd-server etcd-client haproxy keepalived
  iproute2 iptables bridge-utils psmisc procps util-linux iputils-ping
  openssl curl netcat-openbsd ca-certificates tar coreutils
  systemd dbus libpam-systemd
  python3 ansible
  busybox-static
  frr
)
# frr: FRR 8.4 for lesson 16's router node (its frr.service is kept from starting in the nodes by lab.sh, like
# every host unit) and the render verifiers' `vtysh --dryrun` on each rendered frr.conf.
# busybox-static: the root filesystem of the image LessonsOnTestBedIT builds by hand and runs with containerd.

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: must run as root (apt-get install)" >&2
  exit 1
fi

# kubectl: Debian's kubernetes-client, unless a kubectl is already installed (the java-maven image ships
# google-cloud-cli's `kubectl` package, which owns /usr/bin/kubectl and conflicts with kubernetes-client).
if ! command -v kubectl >/dev/null 2>&1; then
  PKGS+=(kubernetes-client)
fi

# shellcheck source-path=SCRIPTDIR source=apt-packages.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt-packages.sh"
missing_packages "${PKGS[@]}"
missing=("${MISSING[@]}")

# containerd 2.x, runc, the CNI plugins, etcd 3.5 + etcdutl and kubectl 1.36, unpacked from Debian's development
# suite into a cache (nothing is installed): the test bed's mirror serves them to the lessons. Idempotent and
# offline once the cache is complete.
sid_binaries() {
  bash "$(dirname "${BASH_SOURCE[0]}")/sid-binaries.sh" >/dev/null
}

if ((${#missing[@]} == 0)); then
  echo "install-deps.sh: all ${#PKGS[@]} packages already installed" >&2
  sid_binaries
  exit 0
fi

echo "install-deps.sh: installing: ${missing[*]}" >&2
install_without_services "${missing[@]}"
sid_binaries
echo "install-deps.sh: done" >&2
