#!/usr/bin/env bash
# Builds the test-only Vagrant box for VagrantLibvirtIT: Debian 12 for libvirt, made from Debian packages only
# (debootstrap from the host's apt sources; nothing else is downloaded), and adds it with `vagrant box add`.
# Recipe and timings: ../shared/lab-notes.md, "Real VMs under TCG"; what the box is for: docs/real-vms.md.
#
#   build-box.sh            build (or reuse the cached build) and add the box; prints the box name
#   build-box.sh --name     print the box name only
#
# The guests of the IT have no package access (their network lives in a namespace without uplink), so the box
# carries what ansible/prepare.yml would install (the packages of roles/common and roles/lb, and ansible-core
# for the ansible_local provisioner). prepare.yml still runs on it and must converge.
#
# Cache: $HARDWAY_VAGRANT_CACHE (default /var/cache/hardway-vagrant)/box-<hash>.box, keyed by this script and the
# roles' package lists; a changed recipe builds a new box, an unchanged one is reused (a fresh machine builds it).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT=$(cd "$HERE/../../.." && pwd)
CACHE=${HARDWAY_VAGRANT_CACHE:-/var/cache/hardway-vagrant}
BOX_NAME=hardway-test/bookworm-libvirt
SUITE=bookworm
DISK_GB=8

# The packages prepare.yml installs: read from the roles' defaults (the lists are plain YAML lists there).
role_packages() {
  awk -v key="$2:" '$1 == key {on = 1; next} on && /^[^ #-]/ {on = 0} on && $1 == "-" {print $2}' \
    "$PROJECT/ansible/roles/$1/defaults/main.yml"
}
mapfile -t ROLE_PKGS < <(role_packages common common_packages; role_packages lb lb_packages)
BASE_PKGS=(systemd-sysv udev dbus linux-image-cloud-amd64 grub-pc openssh-server sudo ifupdown isc-dhcp-client
  iproute2 python3)
# Installed with apt inside the image afterwards (debootstrap's own dependency resolution misses some of theirs).
EXTRA_PKGS=(ansible-core python3-apt)

KEY=$( { cat "${BASH_SOURCE[0]}"; printf '%s\n' "${ROLE_PKGS[@]}"; } | sha256sum | cut -c1-12)
BOX_FILE=$CACHE/box-$KEY.box

if [[ ${1:-} == --name ]]; then
  echo "$BOX_NAME"
  exit 0
fi
log() { echo "build-box.sh: $*" >&2; }
[[ $(id -u) -eq 0 ]] || { echo "build-box.sh: must run as root (loop devices, debootstrap)" >&2; exit 1; }
for c in debootstrap sfdisk partx qemu-img vagrant mkfs.ext4; do
  command -v "$c" >/dev/null || { echo "build-box.sh: $c is missing (src/test/vagrant/install-deps.sh)" >&2; exit 1; }
done
(( ${#ROLE_PKGS[@]} > 5 )) || { echo "build-box.sh: could not read the package lists of ansible/roles" >&2; exit 1; }

add_box() {
  # Re-add only when the box Vagrant has is not this build (vagrant box add --force replaces it).
  local stamp=$CACHE/added-$KEY
  if [[ -f $stamp ]] && vagrant box list 2>/dev/null | grep -q "^$BOX_NAME "; then
    echo "$BOX_NAME"
    return
  fi
  vagrant box add --force --name "$BOX_NAME" "$BOX_FILE" >&2
  rm -f "$CACHE"/added-*
  touch "$stamp"
  echo "$BOX_NAME"
}

if [[ -s $BOX_FILE ]]; then
  log "reusing $BOX_FILE"
  add_box
  exit 0
fi

mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/build.XXXXXX")
MNT=$WORK/mnt
LOOP=
cleanup() {
  set +e
  for m in dev/pts dev proc sys ""; do mountpoint -q "$MNT/$m" && umount -l "$MNT/$m"; done
  [[ -z $LOOP ]] || { partx -d "$LOOP" 2>/dev/null; losetup -d "$LOOP"; }
  rm -rf "$WORK"
}
trap cleanup EXIT
T0=$SECONDS

log "disk image (${DISK_GB} GiB raw, one partition)"
truncate -s "${DISK_GB}G" "$WORK/disk.raw"
echo 'start=2048, type=83, bootable' | sfdisk -q "$WORK/disk.raw"
LOOP=$(losetup --find --show "$WORK/disk.raw")
partx -a "$LOOP" 2>/dev/null || true      # this kernel does not create loopNp1 by itself
PART=${LOOP}p1
for _ in $(seq 50); do [[ -b $PART ]] && break; sleep 0.1; done
[[ -b $PART ]] || { log "no partition device $PART"; exit 1; }
mkfs.ext4 -q -L root "$PART"
UUID=$(blkid -s UUID -o value "$PART")
mkdir -p "$MNT"
mount "$PART" "$MNT"

log "debootstrap $SUITE (minbase + ${#BASE_PKGS[@]} packages)"
MIRROR=$(awk '/^URIs:/ {print $2; exit} /^deb / {print $2; exit}' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true)
INCLUDE=$(IFS=,; echo "${BASE_PKGS[*]}")
debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$MNT" "${MIRROR:-http://deb.debian.org/debian}" \
  >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" "$MNT/debootstrap/debootstrap.log" >&2; exit 1; }
for m in dev dev/pts proc sys; do mount --bind "/$m" "$MNT/$m"; done

log "apt-get install ${#ROLE_PKGS[@]} prepare.yml packages + ${EXTRA_PKGS[*]}"
printf '#!/bin/sh\nexit 101\n' >"$MNT/usr/sbin/policy-rc.d"; chmod 755 "$MNT/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$MNT/etc/resolv.conf"
chroot "$MNT" apt-get update -qq >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive chroot "$MNT" apt-get install -y -qq --no-install-recommends \
  "${ROLE_PKGS[@]}" "${EXTRA_PKGS[@]}" >>"$WORK/apt.log" 2>&1 || { tail -30 "$WORK/apt.log" >&2; exit 1; }
rm -f "$MNT/usr/sbin/policy-rc.d"
: >"$MNT/etc/resolv.conf"

log "configure (vagrant user, network, ssh, grub)"
cat >"$MNT/etc/fstab" <<EOF
UUID=$UUID / ext4 errors=remount-ro 0 1
EOF
echo vagrant >"$MNT/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 vagrant\n' >"$MNT/etc/hosts"
cat >"$MNT/etc/network/interfaces" <<'EOF'
source /etc/network/interfaces.d/*
auto lo
iface lo inet loopback
auto eth0
iface eth0 inet dhcp
EOF
# Vagrant's Debian guest plugin adds eth1 (the private network) here at `vagrant up`.
# No guest has package access in the IT: apt's timers would only fail and hold the dpkg lock during boot.
chroot "$MNT" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
  >/dev/null 2>&1 || true
# Installed for the lb role only; the lessons configure and start them (roles/lb leaves them stopped and disabled).
chroot "$MNT" systemctl disable haproxy.service keepalived.service >/dev/null 2>&1 || true
chroot "$MNT" useradd -m -s /bin/bash -U vagrant
echo 'vagrant:vagrant' | chroot "$MNT" chpasswd
echo 'vagrant ALL=(ALL) NOPASSWD: ALL' >"$MNT/etc/sudoers.d/vagrant"
chmod 0440 "$MNT/etc/sudoers.d/vagrant"
install -d -m 0700 -o 1000 -g 1000 "$MNT/home/vagrant/.ssh"
pub=$(ls /usr/share/rubygems-integration/all/gems/vagrant-*/keys/vagrant.pub | head -1)
install -m 0600 -o 1000 -g 1000 "$pub" "$MNT/home/vagrant/.ssh/authorized_keys"
# Only an ed25519 host key, made at first boot (RSA key generation takes long under software emulation).
rm -f "$MNT"/etc/ssh/ssh_host_*
cat >"$MNT/etc/ssh/sshd_config.d/hardway-box.conf" <<'EOF'
HostKey /etc/ssh/ssh_host_ed25519_key
UseDNS no
EOF
mkdir -p "$MNT/etc/systemd/system/ssh.service.d"
cat >"$MNT/etc/systemd/system/ssh.service.d/hostkey.conf" <<'EOF'
[Service]
ExecStartPre=
ExecStartPre=/bin/sh -c 'test -s /etc/ssh/ssh_host_ed25519_key || ssh-keygen -q -t ed25519 -N "" -f /etc/ssh/ssh_host_ed25519_key'
ExecStartPre=/usr/sbin/sshd -t
EOF
# Serial console, classic interface names (eth0, eth1: what Vagrant's guest plugin expects), no boot menu wait.
sed -i -e 's/^GRUB_TIMEOUT=.*/GRUB_TIMEOUT=0/' \
  -e 's/^GRUB_CMDLINE_LINUX_DEFAULT=.*/GRUB_CMDLINE_LINUX_DEFAULT="console=ttyS0 net.ifnames=0 biosdevname=0"/' \
  "$MNT/etc/default/grub"
chroot "$MNT" grub-install --target=i386-pc "$LOOP" >"$WORK/grub.log" 2>&1 || { cat "$WORK/grub.log" >&2; exit 1; }
chroot "$MNT" update-grub >>"$WORK/grub.log" 2>&1 || { cat "$WORK/grub.log" >&2; exit 1; }
# Without udev in the chroot update-grub names the loop device: point the kernel at the file system instead.
sed -i -E "s#root=/dev/[^ ]+#root=UUID=$UUID#g" "$MNT/boot/grub/grub.cfg"
grep -q "root=UUID=$UUID" "$MNT/boot/grub/grub.cfg" || { log "grub.cfg has no root=UUID"; exit 1; }
chroot "$MNT" apt-get clean
rm -rf "$MNT"/var/lib/apt/lists/* "$MNT"/tmp/* "$MNT"/var/log/*.log
: >"$MNT/etc/machine-id"                 # a new one per VM at first boot
# Zero the free space so the qcow2 stays small.
dd if=/dev/zero of="$MNT/zero" bs=4M status=none 2>/dev/null || true
rm -f "$MNT/zero"
sync
for m in dev/pts dev proc sys ""; do umount "$MNT/$m"; done
partx -d "$LOOP" 2>/dev/null || true
losetup -d "$LOOP"; LOOP=

log "qcow2 + box"
qemu-img convert -O qcow2 "$WORK/disk.raw" "$WORK/box.img"
rm -f "$WORK/disk.raw"
printf '{"provider":"libvirt","format":"qcow2","virtual_size":%d}\n' "$DISK_GB" >"$WORK/metadata.json"
cat >"$WORK/Vagrantfile" <<'EOF'
Vagrant.configure("2") do |config|
  config.vm.provider :libvirt do |libvirt|
    libvirt.disk_bus = "virtio"
  end
end
EOF
tar -C "$WORK" -cf "$WORK/box.tmp" metadata.json Vagrantfile box.img
rm -f "$CACHE"/box-*.box
mv "$WORK/box.tmp" "$BOX_FILE"
log "built $BOX_FILE ($(du -h "$BOX_FILE" | cut -f1)) in $((SECONDS - T0)) s"
add_box
