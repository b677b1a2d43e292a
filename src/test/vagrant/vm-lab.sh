#!/usr/bin/env bash
# The VM test bed of VagrantLibvirtIT: libvirtd (and with it its bridges, dnsmasq and every VM network) inside a
# network namespace this script makes, with no uplink, and the 01-jumpbox mirror served inside it too. Tests run
# the shell (and so vagrant and ssh) inside the namespace: `vm-lab.sh exec -- CMD`. See docs/real-vms.md.
#
#   vm-lab.sh up   [--dir DIR]       namespace, virtlogd + libvirtd inside it, storage pool, mirror; writes DIR/env
#   vm-lab.sh down [--dir DIR]       domains, networks, volumes, pool, processes, namespace: all gone
#   vm-lab.sh exec [--dir DIR] -- CMD...   run CMD inside the namespace
#   vm-lab.sh leftovers [--dir DIR]  print what of a lab is still there (nothing: exit 0)
#
# DIR defaults to /tmp/hardway-vmlab. Root only. Only one VM lab at a time per machine (libvirtd's state is the
# machine's /run/libvirt and /var/lib/libvirt; a libvirtd already running elsewhere is refused).
set -euo pipefail
shopt -s nullglob

PROG=vm-lab.sh
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT=$(cd "$HERE/../../.." && pwd)
MIRROR_PORT=8080
POOL_DIR=/var/lib/libvirt/images
VIRSH=(virsh -q -c qemu:///system)

die() { echo "$PROG: $*" >&2; exit 1; }
log() { echo "$PROG: $*" >&2; }

set_dir() {
  DIR=$(readlink -m "$1")
  NS=hwvm$(printf '%s' "$DIR" | sha1sum | cut -c1-5)
}
in_ns() { ip netns exec "$NS" "$@"; }
alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }
pidfile_pid() { [[ -s $1 ]] && cat "$1"; }
ns_pids() { ip netns pids "$NS" 2>/dev/null || true; }

# /dev/kvm is root:root 0600 on machines without udev: libvirt then re-probes QEMU on every API call (44 s per
# `virsh define`). Group kvm + 0660 for the lab's life; the old mode is restored by `down`.
kvm_fix() {
  [[ -c /dev/kvm ]] || return 0
  [[ -s $DIR/kvm.mode ]] || stat -c '%U:%G %a' /dev/kvm >"$DIR/kvm.mode"
  getent group kvm >/dev/null && chgrp kvm /dev/kvm && chmod 660 /dev/kvm || true
}
kvm_restore() {
  [[ -c /dev/kvm && -s $DIR/kvm.mode ]] || return 0
  local owner mode; read -r owner mode <"$DIR/kvm.mode"
  chown "$owner" /dev/kvm && chmod "$mode" /dev/kvm || true
  rm -f "$DIR/kvm.mode"
}

wait_for() { # seconds, description, command...
  local n=$1 what=$2; shift 2
  for ((i = 0; i < n * 10; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "$what did not come up in $n s"
}

cmd_up() {
  for c in virsh libvirtd virtlogd vagrant qemu-system-x86_64 dnsmasq python3; do
    command -v "$c" >/dev/null || die "$c is missing; run src/test/vagrant/install-deps.sh"
  done
  vagrant plugin list 2>/dev/null | grep -q vagrant-libvirt || die "vagrant-libvirt is missing; run src/test/vagrant/install-deps.sh"
  mkdir -p "$DIR"
  if [[ -e /run/netns/$NS ]] && alive "$(pidfile_pid "$DIR/libvirtd.pid")"; then
    log "lab $NS is up already"; write_env; return 0
  fi
  local other; other=$(pgrep -x libvirtd || true)
  [[ -z $other ]] || die "a libvirtd runs already (pid $other) outside this lab; stop it first"
  local t0=$SECONDS
  [[ -e /run/netns/$NS ]] || ip netns add "$NS"
  in_ns ip link set lo up
  kvm_fix
  # The libvirt daemons inside the namespace (they daemonize; their pid files are the machine's usual ones).
  rm -f /run/libvirtd.pid /run/virtlogd.pid
  in_ns virtlogd -d
  in_ns libvirtd -d
  wait_for 30 "libvirtd" "${VIRSH[@]}" list
  cp /run/libvirtd.pid "$DIR/libvirtd.pid"; cp /run/virtlogd.pid "$DIR/virtlogd.pid" 2>/dev/null || true
  # libvirt's own 'default' network (192.168.122.0/24, autostarted) is not used: keep it down in the lab.
  "${VIRSH[@]}" net-destroy default >/dev/null 2>&1 || true
  # vagrant-libvirt keeps its volumes in the pool named 'default'; make it if the machine has none.
  if ! "${VIRSH[@]}" pool-info default >/dev/null 2>&1; then
    mkdir -p "$POOL_DIR"
    "${VIRSH[@]}" pool-define-as default dir --target "$POOL_DIR" >/dev/null
    echo default >"$DIR/pool.created"
  fi
  "${VIRSH[@]}" pool-start default >/dev/null 2>&1 || true
  # Mirror for lesson 01 (the test bed's content: etcd and kubectl), on every address of the namespace: the VMs
  # reach it at their private network's host side (x.x.x.1:8080).
  bash "$PROJECT/src/test/lab/lab.sh" mirror --dir "$DIR" >/dev/null
  if ! alive "$(pidfile_pid "$DIR/mirror.pid")"; then
    setsid bash -c 'echo $$ >"$1/mirror.pid"; exec ip netns exec "$2" /usr/bin/python3 -m http.server \
      --bind 0.0.0.0 --directory "$1/mirror" "$3"' mirror "$DIR" "$NS" "$MIRROR_PORT" \
      </dev/null >>"$DIR/mirror.log" 2>&1 &
    wait_for 10 "mirror" in_ns bash -c "exec 3<>/dev/tcp/127.0.0.1/$MIRROR_PORT"
  fi
  write_env
  log "lab $NS up in $((SECONDS - t0)) s: $DIR (try: $0 exec --dir $DIR -- virsh -c qemu:///system list)"
}

write_env() {
  {
    echo "VMLAB_NS=$NS"
    echo "VMLAB_DIR=$DIR"
    echo "VMLAB_SH=$HERE/vm-lab.sh"
    echo "VMLAB_MIRROR_PORT=$MIRROR_PORT"
    cat "$DIR/mirror.env" 2>/dev/null || true
  } >"$DIR/env.tmp"
  mv "$DIR/env.tmp" "$DIR/env"
}

# Every libvirt object of the lab: the domains and volumes vagrant-libvirt made and the networks it made.
# Vagrant's own state (.vagrant/) is the project's; `cluster down` removes the machines, this removes what remains.
libvirt_clean() {
  "${VIRSH[@]}" list >/dev/null 2>&1 || return 0
  local d n v
  for d in $("${VIRSH[@]}" list --all --name); do
    "${VIRSH[@]}" destroy "$d" >/dev/null 2>&1 || true
    "${VIRSH[@]}" undefine "$d" --nvram --remove-all-storage >/dev/null 2>&1 \
      || "${VIRSH[@]}" undefine "$d" >/dev/null 2>&1 || true
  done
  for n in $("${VIRSH[@]}" net-list --all --name); do
    [[ $n == default ]] && continue
    "${VIRSH[@]}" net-destroy "$n" >/dev/null 2>&1 || true
    "${VIRSH[@]}" net-undefine "$n" >/dev/null 2>&1 || true
  done
  if "${VIRSH[@]}" pool-info default >/dev/null 2>&1; then
    "${VIRSH[@]}" pool-refresh default >/dev/null 2>&1 || true
    for v in $("${VIRSH[@]}" vol-list default | awk '{print $1}'); do
      "${VIRSH[@]}" vol-delete --pool default "$v" >/dev/null 2>&1 || true
    done
    if [[ -s $DIR/pool.created ]]; then
      "${VIRSH[@]}" pool-destroy default >/dev/null 2>&1 || true
      "${VIRSH[@]}" pool-undefine default >/dev/null 2>&1 || true
      rm -f "$DIR/pool.created"
    fi
  fi
}

cmd_down() {
  libvirt_clean
  local p pids=()
  for f in mirror libvirtd virtlogd; do
    p=$(pidfile_pid "$DIR/$f.pid" || true)
    if alive "$p"; then kill "$p" 2>/dev/null || true; pids+=("$p"); fi
  done
  # libvirtd takes a moment to shut its drivers down; the next lab must not find it still there
  for p in "${pids[@]}"; do
    for _ in $(seq 100); do alive "$p" || break; sleep 0.1; done
    if alive "$p"; then kill -9 "$p" 2>/dev/null || true; fi
  done
  for _ in $(seq 50); do [[ -z $(ns_pids) ]] && break; sleep 0.1; done
  for p in $(ns_pids); do kill -9 "$p" 2>/dev/null || true; done   # dnsmasq, qemu, stray ssh
  for _ in $(seq 50); do [[ -z $(ns_pids) ]] && break; sleep 0.1; done
  [[ ! -e /run/netns/$NS ]] || ip netns delete "$NS"
  kvm_restore
  rm -f "$DIR"/{libvirtd,virtlogd,mirror}.pid "$DIR/env"
  rm -rf "$DIR/mirror"
  log "lab $NS down"
}

# What is left of a lab after `down`; empty output means nothing.
cmd_leftovers() {
  if [[ -e /run/netns/$NS ]]; then echo "namespace $NS"; fi
  local p f
  for p in $(pgrep -x libvirtd; pgrep -x virtlogd; pgrep -x dnsmasq; pgrep -f "^/usr/bin/qemu-system-x86_64 -name guest=" || true); do
    echo "process $p $(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | cut -c1-80)"
  done
  for f in /etc/libvirt/qemu/*.xml; do echo "domain definition $f"; done
  for f in /etc/libvirt/qemu/networks/*.xml; do [[ $f == */default.xml ]] || echo "network definition $f"; done
  for f in "$POOL_DIR"/*; do echo "volume $f"; done
  if [[ -s $DIR/pool.created ]]; then echo "storage pool default (made by this lab)"; fi
  true
}

main() {
  local dir=${HARDWAY_VMLAB_DIR:-/tmp/hardway-vmlab} cmd="" args=()
  while (($#)); do
    case $1 in
      --dir) dir=$2; shift 2 ;;
      --dir=*) dir=${1#--dir=}; shift ;;
      --) shift; args=("$@"); break ;;
      *) if [[ -z $cmd ]]; then cmd=$1; else args+=("$1"); fi; shift ;;
    esac
  done
  [[ $(id -u) -eq 0 ]] || die "not root (namespaces, libvirtd)"
  set_dir "$dir"
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    exec) ((${#args[@]})) || die "usage: vm-lab.sh exec [--dir DIR] -- CMD..."; exec ip netns exec "$NS" "${args[@]}" ;;
    leftovers) cmd_leftovers ;;
    *) die "usage: vm-lab.sh up|down|exec|leftovers [--dir DIR]" ;;
  esac
}

main "$@"
