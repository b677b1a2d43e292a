#!/usr/bin/env bash
# Installs what VagrantLibvirtIT needs (Debian packages only): Vagrant with vagrant-libvirt, libvirt and QEMU, and
# the box builder's tools. Idempotent: no `apt-get update` when everything is there. Services of the packages are
# not started here (policy-rc.d): src/test/vagrant/vm-lab.sh runs libvirtd inside its own namespace.
set -euo pipefail

PKGS=(vagrant vagrant-libvirt libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86
  qemu-utils debootstrap dnsmasq-base iptables nftables ebtables fdisk)

[[ $(id -u) -eq 0 ]] || { echo "install-deps.sh (vagrant): must run as root" >&2; exit 1; }
missing=()
for p in "${PKGS[@]}"; do
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true) == installed ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps.sh (vagrant): installing: ${missing[*]}" >&2
added_policy=0
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  added_policy=1
fi
trap '[[ $added_policy == 1 ]] && rm -f /usr/sbin/policy-rc.d' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
