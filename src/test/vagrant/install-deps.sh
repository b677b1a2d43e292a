#!/usr/bin/env bash
# Installs what VagrantLibvirtIT needs (Debian packages only): Vagrant with vagrant-libvirt, libvirt and QEMU, and
# the box builder's tools. Idempotent: no `apt-get update` when everything is there. Services of the packages are
# not started here (policy-rc.d): src/test/vagrant/vm-lab.sh runs libvirtd inside its own namespace.
set -euo pipefail

PKGS=(vagrant vagrant-libvirt libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86
  qemu-utils debootstrap dnsmasq-base iptables nftables ebtables fdisk)

[[ $(id -u) -eq 0 ]] || { echo "install-deps.sh (vagrant): must run as root" >&2; exit 1; }
# shellcheck source-path=SCRIPTDIR source=../lab/apt-packages.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lab/apt-packages.sh"
missing_packages "${PKGS[@]}"
missing=("${MISSING[@]}")
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps.sh (vagrant): installing: ${missing[*]}" >&2
install_without_services "${missing[@]}"
