#!/usr/bin/env bash
# hardway integration test bed: "VMs" made of Linux namespaces, each running real systemd as PID 1 and
# its own ssh.service, on a private bridge that has no way out of the machine.
#
#   lab.sh up [--dir DIR]           build the lab (idempotent), state in DIR (default /tmp/hardway-lab)
#   lab.sh down [--dir DIR]         remove everything of that lab (works after a half-failed up)
#   lab.sh status [--dir DIR]       node, pid, systemd state, sshd reachable
#   lab.sh exec NODE -- CMD...      run CMD inside NODE (nsenter, no ssh); exit code is CMD's
#   lab.sh nsenter NODE             interactive shell inside NODE
#   lab.sh poweroff NODE            hard power cut (PID 1 tree killed, link down, addresses flushed)
#   lab.sh boot NODE                boot NODE again from its disk and wait for its sshd
#   lab.sh isolate|unisolate NODE   partition NODE at the bridge port / heal it (processes keep running)
#   lab.sh wait-ssh [NODE...]       wait (bounded) until sshd answers on the nodes
#   lab.sh mirror                   only the mirror content (DIR/mirror, DIR/mirror.env), for src/test/vagrant/vm-lab.sh
# --dir DIR may appear anywhere; HARDWAY_TESTBED_DIR is the default when set. See docs/testbed.md.
#
# Safety: all lab traffic stays inside namespaces this script creates. The client namespace (where tests
# and the shell run) has no default route, the bridge has no uplink, and nothing is attached to the root
# network namespace.
set -euo pipefail
shopt -s nullglob

PROG=lab.sh
LAB_SH=$(readlink -f "${BASH_SOURCE[0]}")
SUBNET_PREFIX=10.240.0
CLIENT_IP=$SUBNET_PREFIX.2
VIP=$SUBNET_PREFIX.10
INGRESS_VIP=$SUBNET_PREFIX.20
MIRROR_PORT=8080
NODES=(jumpbox master1 master2 master3 lb1 lb2 worker1 worker2 elb1 elb2 router)
declare -A NODE_IP=([jumpbox]=.9 [master1]=.11 [master2]=.12 [master3]=.13 [lb1]=.21 [lb2]=.22 [worker1]=.31
  [worker2]=.32 [elb1]=.41 [elb2]=.42 [router]=.5)
declare -A NODE_ROLE=([jumpbox]=jumpbox [master1]=master [master2]=master [master3]=master [lb1]=lb [lb2]=lb
  [worker1]=worker [worker2]=worker [elb1]=elb [elb2]=elb [router]=router)
# The BGP router of lesson 16 (FRR from the host's /usr): its AS, the workers' AS, the LoadBalancer pool.
BGP_YAML="bgp: {cluster_asn: 64522, router_asn: 64512, address_pool: ${SUBNET_PREFIX%.*}.254.0/24}"
# Pod CIDR per worker (the cluster.yaml's nodes[].pod_cidr; lesson 10 routes them).
declare -A POD_CIDR=([worker1]=10.200.1.0/24 [worker2]=10.200.2.0/24)
for n in "${NODES[@]}"; do NODE_IP[$n]=$SUBNET_PREFIX${NODE_IP[$n]}; done
WAIT_SSH_SECONDS=${LAB_WAIT_SSH_SECONDS:-60}   # 11 nodes booting on a loaded 2-core machine can take over 20 s
# Units the host has enabled (from its installed packages) that must not start in the nodes; the lessons
# install and enable their own. Everything under /etc/systemd/system/*.wants except these is removed once.
KEEP_WANTS=(ssh.service remote-fs.target)
# Units that make no sense in a namespace node or would touch the host (kernel modules, host fstab, audit,
# udev, clock, consoles).
MASK_UNITS=(console-getty.service getty@.service container-getty@.service serial-getty@.service
  systemd-remount-fs.service systemd-modules-load.service systemd-binfmt.service
  systemd-journald-audit.socket systemd-timesyncd.service systemd-hwdb-update.service
  systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket systemd-udev-trigger.service
  systemd-udev-settle.service systemd-pstore.service systemd-firstboot.service sys-kernel-debug.mount
  sys-kernel-tracing.mount sys-kernel-config.mount sys-fs-fuse-connections.mount
  proc-sys-fs-binfmt_misc.automount e2scrub_reap.service apt-daily.timer apt-daily-upgrade.timer)

step="start"
T0=$(date +%s%N)
# Sets the current step (named in error messages); LAB_TIMING=1 prints the time since start of each step.
at() {
  step=$1
  [[ ${LAB_TIMING:-} != 1 ]] || echo "$PROG: +$((($(date +%s%N) - T0) / 1000000)) ms $1" >&2
}
die() { echo "$PROG: $*" >&2; exit 1; }
log() { echo "$PROG: $*" >&2; }
on_err() { local rc=$?; echo "$PROG: failed during '$step' (line $1, exit $rc): $2" >&2; exit "$rc"; }

# ---------------------------------------------------------------------------------------------- state --
set_dir() {
  DIR=$(readlink -m "$1")
  local h; h=$(printf '%s' "$DIR" | sha1sum | cut -c1-5)
  ID=hw$h                              # 7 chars: "<id>-worker1" is exactly 15 (IFNAMSIZ-1)
  NET_NS=$ID-net
  CLIENT_NS=$ID-client
  CG_REL=hardway/$ID
}
node_ns() { echo "$ID-$1"; }
node_dir() { echo "$DIR/nodes/$1"; }
is_node() { [[ -n ${NODE_ROLE[$1]:-} ]]; }
need_node() { is_node "${1:-}" || die "unknown node '${1:-}'; nodes: ${NODES[*]}"; }
ns_exists() { [[ -e /run/netns/$1 ]]; }
holder_pid() {
  local f; f="$(node_dir "$1")/holder.pid"
  [[ -s $f ]] || return 1
  local p; p=$(<"$f")
  alive "$p" && [[ $(readlink "/proc/$p/ns/net" 2>/dev/null) == "$(ns_inode "$(node_ns "$1")")" ]] || return 1
  echo "$p"
}
ns_inode() { local i; i=$(stat -L -c %i "/run/netns/$1" 2>/dev/null) && echo "net:[$i]" || echo none; }
# PID (in the root PID namespace) of a node's PID 1 (systemd), if it runs.
init_pid() {
  local h c; h=$(holder_pid "$1") || return 1
  c=$(pgrep -P "$h" | head -n1) || return 1
  [[ -n $c ]] && alive "$c" || return 1
  echo "$c"
}
alive() { [[ -e /proc/$1 ]] && [[ $(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null) != Z ]]; }
# Waits until each pid is gone or a zombie (the machine's PID 1 reaps orphans late: lab-notes pitfall 7).
wait_dead() {
  local deadline=$((SECONDS + 10)) p
  for p in "$@"; do
    while alive "$p"; do
      ((SECONDS < deadline)) || { log "pid $p did not die"; return 1; }
      sleep 0.02
    done
  done
}
# Pids of this script and its ancestors, never to be killed by down (a test JVM may call down).
self_pids() {
  local p=$$
  while [[ $p -gt 1 ]]; do echo "$p"; p=$(awk '/^PPid:/{print $2}' "/proc/$p/status" 2>/dev/null || echo 1); done
}
ns_pids() { ns_exists "$1" && ip netns pids "$1" 2>/dev/null || true; }
kill_ns_procs() {
  local ns=$1 self pids=() p
  self=" $(self_pids | tr '\n' ' ') "
  for p in $(ns_pids "$ns"); do [[ $self == *" $p "* ]] || pids+=("$p"); done
  ((${#pids[@]})) || return 0
  kill -9 "${pids[@]}" 2>/dev/null || true
  wait_dead "${pids[@]}"
}

# A test JVM runs in the client namespace, where `ip netns exec` has remounted /sys and so hidden the cgroup
# mounts. Commands that manage cgroups then re-run themselves in a private (slave) mount namespace with the
# hierarchies listed at `up` mounted again. (The machine's PID 1 is not ours to enter.)
ensure_cgroupfs() {
  findmnt -rn -t cgroup,cgroup2 -o TARGET | grep -q '^/sys/fs/cgroup' && return 0
  [[ -s $DIR/cgroups.list ]] || die "no cgroup mounts here and no $DIR/cgroups.list; run 'lab.sh up' from the machine's own namespaces"
  if [[ ${LAB_CGROUPFS:-} != 1 ]]; then
    LAB_CGROUPFS=1 exec unshare -m --propagation slave -- "$LAB_SH" "$@"
  fi
  mount -t tmpfs -o mode=755 lab-cgroup /sys/fs/cgroup
  local name fs opts
  while read -r name fs opts; do
    if [[ $fs == cgroup2 ]]; then
      [[ $name == . ]] || mkdir -p "/sys/fs/cgroup/$name"
      mount -t cgroup2 cgroup2 "$(cg_path "$name")"
    else
      mkdir -p "/sys/fs/cgroup/$name"; mount -t cgroup -o "$opts" cgroup "/sys/fs/cgroup/$name"
    fi
  done <"$DIR/cgroups.list"
}

preflight() {
  [[ $(id -u) -eq 0 ]] || die "not root (the test bed needs root for namespaces)"
  local c
  for c in ip unshare nsenter setpriv sshd ssh ssh-keygen /lib/systemd/systemd etcd etcdctl haproxy keepalived \
    vtysh openssl curl python3 sha256sum tar; do
    command -v "$c" >/dev/null || die "missing '$c'; run src/test/lab/install-deps.sh"
  done
}

# ----------------------------------------------------------------------------------------- cgroups --
# Every hierarchy mounted on the machine: "<dir name> <fstype> <mount options for the controllers>".
cgroup_list() {
  findmnt -rn -t cgroup,cgroup2 -o TARGET,FSTYPE,OPTIONS | while read -r tgt fs opts; do
    [[ $tgt == /sys/fs/cgroup* ]] || continue
    local name=${tgt#/sys/fs/cgroup}; name=${name#/}
    if [[ $fs == cgroup2 ]]; then echo "${name:-.} cgroup2 -"; continue; fi
    local o ctl=() ; IFS=, read -ra o <<<"$opts"
    for x in "${o[@]}"; do
      case $x in rw | ro | relatime | noatime | nosuid | nodev | noexec | seclabel) ;; *) ctl+=("$x") ;; esac
    done
    local s; s=$(IFS=,; echo "${ctl[*]}"); [[ $s == name=* ]] && s=none,$s
    echo "${name:-.} cgroup $s"
  done
}
cg_path() { [[ $1 == . ]] && echo /sys/fs/cgroup || echo "/sys/fs/cgroup/$1"; }
# Creates the node's cgroup in every hierarchy (cpuset needs cpus/mems copied down before tasks join).
cg_create() {
  local node=$1 name fs opts
  while read -r name fs opts; do
    local base; base=$(cg_path "$name")
    local d=$base rel
    for rel in hardway "$ID" "$node"; do
      d=$d/$rel
      if [[ ! -d $d ]]; then
        mkdir "$d"
        if [[ -f $d/cpuset.cpus ]]; then
          cat "$(dirname "$d")/cpuset.cpus" >"$d/cpuset.cpus"
          cat "$(dirname "$d")/cpuset.mems" >"$d/cpuset.mems"
        fi
      fi
    done
  done <"$DIR/cgroups.list"
}
cg_join() {
  local node=$1 pid=$2 name fs opts
  while read -r name fs opts; do echo "$pid" >"$(cg_path "$name")/$CG_REL/$node/cgroup.procs"; done <"$DIR/cgroups.list"
}
# Removes the lab's cgroups depth-first (the nodes' systemd made sub-cgroups); retried while tasks exit.
cg_remove() {
  local sub=${1:-} base d tries
  for base in /sys/fs/cgroup /sys/fs/cgroup/*; do
    [[ -d $base/$CG_REL${sub:+/$sub} ]] || continue
    for tries in 1 2 3 4 5 6 7 8 9 10; do
      while read -r d; do rmdir "$d" 2>/dev/null || true; done < <(find "$base/$CG_REL${sub:+/$sub}" -depth -type d 2>/dev/null)
      [[ -d $base/$CG_REL${sub:+/$sub} ]] || break
      sleep 0.1
    done
    rmdir "$base/hardway" 2>/dev/null || true
  done
}

# ----------------------------------------------------------------------------------------- network --
net_up() {
  at "network"
  if ! ns_exists "$NET_NS"; then
    ip netns add "$NET_NS"
  fi
  ns_sysctl "$NET_NS"
  ip -n "$NET_NS" link set lo up
  ip -n "$NET_NS" link show br0 >/dev/null 2>&1 || ip -n "$NET_NS" link add br0 type bridge stp_state 0 forward_delay 0
  ip -n "$NET_NS" link set br0 up
  attach "$CLIENT_NS" "$ID-client" "$CLIENT_IP"
  ip -n "$CLIENT_NS" route flush table main proto boot 2>/dev/null || true
  if ip -n "$CLIENT_NS" route show default | grep -q .; then die "client namespace has a default route"; fi
}
ns_sysctl() {
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
    net.ipv6.conf.lo.disable_ipv6=1 >/dev/null
}
# Creates netns NS (if needed) with eth0 = IP/24, cabled to the bridge as port LINK.
attach() {
  local ns=$1 link=$2 ip=$3
  ns_exists "$ns" || ip netns add "$ns"
  ns_sysctl "$ns"
  ip -n "$ns" link set lo up
  if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
    ip -n "$NET_NS" link del "$link" 2>/dev/null || true
    ip -n "$NET_NS" link add "$link" type veth peer name eth0 netns "$ns"
  fi
  ip -n "$NET_NS" link set "$link" master br0 up
  ip -n "$ns" addr show dev eth0 | grep -q "inet $ip/24" || ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
}

# ------------------------------------------------------------------------------------------ files --
make_keys() {
  at "keys"
  mkdir -p "$DIR/keys"
  chmod 700 "$DIR/keys"
  [[ -s $DIR/keys/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C "hardway-testbed-$ID" -f "$DIR/keys/id_ed25519"
  local n tmp; tmp=$(mktemp "$DIR/known_hosts.XXXX")
  for n in "${NODES[@]}"; do
    local d; d=$(node_dir "$n")/hostkey
    mkdir -p "$d"
    [[ -s $d/ssh_host_ed25519_key ]] || ssh-keygen -q -t ed25519 -N '' -C "root@$n" -f "$d/ssh_host_ed25519_key"
    echo "$n,${NODE_IP[$n]} $(cut -d' ' -f1,2 "$d/ssh_host_ed25519_key.pub")" >>"$tmp"
  done
  mv "$tmp" "$DIR/known_hosts"
  chmod 644 "$DIR/known_hosts"
}

write_ssh_config() {
  {
    echo "# hardway test bed $ID: use with ssh -F $DIR/ssh_config NODE (from the client namespace $CLIENT_NS)"
    for n in "${NODES[@]}"; do printf 'Host %s\n  HostName %s\n' "$n" "${NODE_IP[$n]}"; done
    cat <<EOF
Host *
  User root
  Port 22
  IdentityFile $DIR/keys/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
  KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org
  LogLevel ERROR
EOF
  } >"$DIR/ssh_config"
}

kubectl_binary() {
  # The java-maven image ships google-cloud-cli's kubectl "dispatcher" (a wrapper choosing kubectl.1.NN by
  # server version); use the real binary it wraps. Debian's kubernetes-client gives a plain kubectl.
  local k v; k=$(readlink -f "$(command -v kubectl)") || return 1
  v=$("$k" version --client -o json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])')
  if [[ $v == *dispatcher* ]]; then
    local mm; mm=$(sed -E 's/^v([0-9]+)\.([0-9]+).*/\1.\2/' <<<"$v")
    [[ -x $k.$mm ]] || return 1
    k=$k.$mm
    v=$("$k" version --client -o json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])')
  fi
  v=${v#v}; v=${v%%+*}; v=${v%%-*}
  echo "$k $v"
}

versions() {
  # containerd, runc and the CNI plugins come from Debian's development suite (sid-binaries.sh, run by
  # install-deps.sh): the versions are the packages' upstream parts ("2.1.9+ds1-5" -> 2.1.9).
  SID=$("$(dirname "$LAB_SH")/sid-binaries.sh" --path) || die "no Debian sid binaries; run src/test/lab/install-deps.sh"
  pkgver() { awk -v p="$1" '$1 == p {print $2}' "$SID/versions" | sed -E 's/^[0-9]+://; s/[+~-].*$//'; }
  CONTAINERDVER=$(pkgver containerd)
  RUNCVER=$(pkgver runc)
  CNIVER=$(pkgver containernetworking-plugins)
  [[ -n $CONTAINERDVER && -n $RUNCVER && -n $CNIVER ]] || die "cannot read the versions in $SID/versions"
  # etcd for the nodes: Debian sid's 3.5 (etcd, etcdctl and etcdutl, as in an upstream 3.5+ archive; lesson 15
  # restores with etcdutl), not the host's bookworm 3.4, which has no etcdutl.
  ETCD_BIN=$SID/root/usr/bin
  ETCDVER=$("$ETCD_BIN/etcd" --version | awk '/^etcd Version:/{print $3}')
  [[ -n $ETCDVER ]] || die "cannot read the etcd version"
  local kv; kv=$(kubectl_binary) || die "no usable kubectl found (install kubernetes-client)"
  KUBECTL_BIN=${kv% *}
  KUBEVER=${kv#* }
}

# Mirror content in the upstream download layout, cached across labs by binary checksum (tar+gzip of
# etcd takes a few seconds), then hard-linked into DIR/mirror.
build_mirror() {
  at "mirror content"
  local cache=${HARDWAY_TESTBED_CACHE:-/var/cache/hardway-testbed}
  local etag; etag=$(cat "$ETCD_BIN/etcd" "$ETCD_BIN/etcdctl" "$ETCD_BIN/etcdutl" | sha256sum | cut -c1-16)
  local ec=$cache/etcd-$ETCDVER-$etag
  if [[ ! -s $ec/SHA256SUMS ]]; then
    rm -rf "$ec.tmp"; mkdir -p "$ec.tmp/etcd-v$ETCDVER-linux-amd64"
    cp "$ETCD_BIN/etcd" "$ETCD_BIN/etcdctl" "$ETCD_BIN/etcdutl" "$ec.tmp/etcd-v$ETCDVER-linux-amd64/"
    tar -C "$ec.tmp" --owner=0 --group=0 --mtime=@0 -czf "$ec.tmp/etcd-v$ETCDVER-linux-amd64.tar.gz" "etcd-v$ETCDVER-linux-amd64"
    rm -rf "$ec.tmp/etcd-v$ETCDVER-linux-amd64"
    (cd "$ec.tmp" && sha256sum "etcd-v$ETCDVER-linux-amd64.tar.gz" >SHA256SUMS)
    rm -rf "$ec"; mv "$ec.tmp" "$ec"
  fi
  local kc=$cache/kubectl-$KUBEVER-$(stat -c %s-%Y "$KUBECTL_BIN")
  if [[ ! -s $kc/kubectl.sha256 ]]; then
    rm -rf "$kc.tmp"; mkdir -p "$kc.tmp"
    cp "$KUBECTL_BIN" "$kc.tmp/kubectl"
    sha256sum "$kc.tmp/kubectl" | cut -d' ' -f1 | tr -d '\n' >"$kc.tmp/kubectl.sha256"
    rm -rf "$kc"; mv "$kc.tmp" "$kc"
  fi
  # The container runtime in the upstream release layouts, each with the checksum file its project publishes.
  local sb=$SID/root/usr/bin rtag
  rtag=$(cat "$sb/containerd" "$sb/containerd-shim-runc-v2" "$sb/ctr" "$sb/runc" "$SID"/root/usr/lib/cni/* \
    | sha256sum | cut -c1-16)
  local rc=$cache/runtime-$CONTAINERDVER-$RUNCVER-$CNIVER-$rtag
  if [[ ! -s $rc/cni/cni-plugins-linux-amd64-v$CNIVER.tgz.sha256 ]]; then
    rm -rf "$rc.tmp"; mkdir -p "$rc.tmp/c/bin" "$rc.tmp/containerd" "$rc.tmp/runc" "$rc.tmp/cni" "$rc.tmp/p"
    local ctar=containerd-$CONTAINERDVER-linux-amd64.tar.gz
    cp "$sb/containerd" "$sb/containerd-shim-runc-v2" "$sb/ctr" "$rc.tmp/c/bin/"
    tar -C "$rc.tmp/c" --owner=0 --group=0 --mtime=@0 -czf "$rc.tmp/containerd/$ctar" bin
    (cd "$rc.tmp/containerd" && sha256sum "$ctar" >"$ctar.sha256sum")
    cp "$sb/runc" "$rc.tmp/runc/runc.amd64"
    (cd "$rc.tmp/runc" && sha256sum runc.amd64 >runc.sha256sum)
    local ntar=cni-plugins-linux-amd64-v$CNIVER.tgz
    cp "$SID"/root/usr/lib/cni/* "$rc.tmp/p/"
    tar -C "$rc.tmp/p" --owner=0 --group=0 --mtime=@0 -czf "$rc.tmp/cni/$ntar" .
    (cd "$rc.tmp/cni" && sha256sum "$ntar" >"$ntar.sha256")
    rm -rf "$rc.tmp/c" "$rc.tmp/p" "$rc"; mv "$rc.tmp" "$rc"
  fi
  # Copies, not links: a test may corrupt a mirror file on purpose (checksum failure) without harming the cache.
  local m=$DIR/mirror
  local gh=$m/containerd/containerd/releases/download/v$CONTAINERDVER
  local rd=$m/opencontainers/runc/releases/download/v$RUNCVER
  local nd=$m/containernetworking/plugins/releases/download/v$CNIVER
  mkdir -p "$gh" "$rd" "$nd"
  [[ -s $gh/containerd-$CONTAINERDVER-linux-amd64.tar.gz.sha256sum ]] || cp "$rc"/containerd/* "$gh/"
  [[ -s $rd/runc.sha256sum ]] || cp "$rc"/runc/* "$rd/"
  [[ -s $nd/cni-plugins-linux-amd64-v$CNIVER.tgz.sha256 ]] || cp "$rc"/cni/* "$nd/"
  local ed=$m/etcd-io/etcd/releases/download/v$ETCDVER
  # the mirror replaces scheme and host of the upstream URL (https://dl.k8s.io/release/v.../kubectl)
  local kd=$m/release/v$KUBEVER/bin/linux/amd64
  mkdir -p "$ed" "$kd"
  [[ -s $ed/SHA256SUMS ]] || cp "$ec/etcd-v$ETCDVER-linux-amd64.tar.gz" "$ec/SHA256SUMS" "$ed/"
  [[ -s $kd/kubectl.sha256 ]] || cp "$kc/kubectl" "$kc/kubectl.sha256" "$kd/"
}

write_cluster_yaml() {
  {
    cat <<EOF
# Generated by src/test/lab/lab.sh for the test bed $ID ($DIR). Do not edit: \`lab.sh up\` rewrites it.
name: testbed
provider: ssh
domain: cluster.local
# Versions of what the mirror serves; crictl and coredns are named for completeness (no registry here has them).
versions: {kubernetes: "$KUBEVER", etcd: "$ETCDVER", containerd: "$CONTAINERDVER", runc: "$RUNCVER", cni_plugins: "$CNIVER", crictl: "1.37.0", coredns: "1.14.7"}
downloads: {mirror: "http://$CLIENT_IP:$MIRROR_PORT", offers: [etcd, kubectl, containerd, runc, cni_plugins]}
network: {node_subnet: $SUBNET_PREFIX.0/24, pod_cidr: 10.200.0.0/16, service_cidr: 10.32.0.0/24, cluster_dns: 10.32.0.10, cni: bridge}
loadbalancers:
  api: {vip: $VIP, port: 6443, nodes: [lb1, lb2], mode: active-standby}
  ingress: {vip: $INGRESS_VIP, nodes: [elb1, elb2]}
ssh: {user: root, key: $DIR/keys/id_ed25519, port: 22}
$BGP_YAML
nodes:
EOF
    local n
    for n in "${NODES[@]}"; do
      case ${NODE_ROLE[$n]} in
        jumpbox) echo "  - {name: $n, roles: [jumpbox], ip: ${NODE_IP[$n]}, cpus: 1, memory: 512}" ;;
        master) echo "  - {name: $n, roles: [master], ip: ${NODE_IP[$n]}, cpus: 2, memory: 2048}" ;;
        elb) echo "  - {name: $n, roles: [elb], ip: ${NODE_IP[$n]}, cpus: 1, memory: 512}" ;;
        lb) echo "  - {name: $n, roles: [lb], ip: ${NODE_IP[$n]}, cpus: 1, memory: 512}" ;;
        router) echo "  - {name: $n, roles: [router], ip: ${NODE_IP[$n]}, cpus: 1, memory: 512}" ;;
        worker) echo "  - {name: $n, roles: [worker], ip: ${NODE_IP[$n]}, cpus: 2, memory: 2048, pod_cidr: ${POD_CIDR[$n]}}" ;;
      esac
    done
  } >"$DIR/cluster.yaml"
}

write_env() {
  {
    echo "# hardway test bed $ID, sourceable by sh/bash; parsed by dev.hardway.testbed.TestBed"
    echo "LAB_ID=$ID"
    echo "LAB_DIR=$DIR"
    echo "LAB_SH=$LAB_SH"
    echo "LAB_CLIENT_NS=$CLIENT_NS"
    echo "LAB_NET_NS=$NET_NS"
    echo "LAB_CLIENT_IP=$CLIENT_IP"
    echo "LAB_MIRROR_URL=http://$CLIENT_IP:$MIRROR_PORT"
    echo "LAB_VIP=$VIP"
    echo "LAB_INGRESS_VIP=$INGRESS_VIP"
    echo "LAB_CLUSTER_YAML=$DIR/cluster.yaml"
    echo "LAB_SSH_KEY=$DIR/keys/id_ed25519"
    echo "LAB_SSH_CONFIG=$DIR/ssh_config"
    echo "LAB_KNOWN_HOSTS=$DIR/known_hosts"
    echo "LAB_ETCD_VERSION=$ETCDVER"
    echo "LAB_KUBERNETES_VERSION=$KUBEVER"
    echo "LAB_CONTAINERD_VERSION=$CONTAINERDVER"
    echo "LAB_RUNC_VERSION=$RUNCVER"
    echo "LAB_CNI_PLUGINS_VERSION=$CNIVER"
    echo "LAB_NODES=\"${NODES[*]}\""
    local n
    for n in "${NODES[@]}"; do echo "LAB_NODE_${n}_IP=${NODE_IP[$n]}"; done
    for n in "${NODES[@]}"; do echo "LAB_NODE_${n}_ROLE=${NODE_ROLE[$n]}"; done
  } >"$DIR/env.tmp"
  mv "$DIR/env.tmp" "$DIR/env"
}

# /etc/netns/<client ns>/hosts is bind-mounted over /etc/hosts by `ip netns exec` (iproute2 feature), so
# processes in the client namespace resolve the node names too.
write_hosts() {
  {
    echo "127.0.0.1 localhost"
    echo "$CLIENT_IP client mirror"
    local n
    for n in "${NODES[@]}"; do echo "${NODE_IP[$n]} $n"; done
  } >"$DIR/hosts"
  mkdir -p "/etc/netns/$CLIENT_NS"
  cp "$DIR/hosts" "/etc/netns/$CLIENT_NS/hosts"
}

# ------------------------------------------------------------------------------------------ mirror --
mirror_pid() {
  local f=$DIR/mirror.pid p
  [[ -s $f ]] || return 1
  p=$(<"$f")
  alive "$p" && [[ $(readlink "/proc/$p/ns/net") == "$(ns_inode "$CLIENT_NS")" ]] || return 1
  echo "$p"
}
mirror_up() {
  at "mirror server"
  mirror_pid >/dev/null && return 0
  rm -f "$DIR/mirror.pid"
  setsid bash -c 'echo $$ >"$1/mirror.pid"; exec ip netns exec "$2" /usr/bin/python3 -m http.server \
    --bind "$3" --directory "$1/mirror" "$4"' mirror "$DIR" "$CLIENT_NS" "$CLIENT_IP" "$MIRROR_PORT" \
    </dev/null >>"$DIR/mirror.log" 2>&1 8>&- &
  local i
  for i in $(seq 100); do
    ip netns exec "$CLIENT_NS" bash -c "exec 3<>/dev/tcp/$CLIENT_IP/$MIRROR_PORT" 2>/dev/null && return 0
    [[ ! -s $DIR/mirror.pid ]] || alive "$(<"$DIR/mirror.pid")" || die "mirror server exited; see $DIR/mirror.log"
    sleep 0.05
  done
  die "mirror server did not listen on $CLIENT_IP:$MIRROR_PORT"
}

# ------------------------------------------------------------------------------------------- nodes --
node_boot() {
  local n=$1 ns; ns=$(node_ns "$n")
  at "boot $n"
  init_pid "$n" >/dev/null && return 0
  attach "$ns" "$ID-$n" "${NODE_IP[$n]}"
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_nonlocal_bind=1 net.ipv4.ip_forward=1 >/dev/null
  ip -n "$ns" route replace default via "$SUBNET_PREFIX.1" dev eth0 onlink
  local d; d=$(node_dir "$n")
  mkdir -p "$d"
  : >"$d/console.log"
  cg_create "$n"
  setsid "$LAB_SH" _launch "$DIR" "$n" </dev/null >>"$d/init.log" 2>&1 8>&- &
  local i
  for i in $(seq 200); do
    init_pid "$n" >/dev/null && return 0
    sleep 0.01
  done
  die "node $n did not start; see $d/init.log"
}

# Runs (detached, in the root namespaces) as the node's holder: joins the node's cgroups, then becomes
# `unshare`, whose child is the node's PID 1.
cmd_launch() {
  set_dir "$1"; local n=$2 ns; ns=$(node_ns "$n")
  echo $$ >"$(node_dir "$n")/holder.pid"
  cg_join "$n" $$
  # No module loading or clock setting from inside a node. CAP_SYS_BOOT stays: reboot(2) in a child PID
  # namespace only ends that namespace (that is how `systemctl reboot/poweroff` inside a node work).
  exec ip netns exec "$ns" setpriv --bounding-set -sys_module,-sys_time \
    unshare --uts --mount --pid --ipc --cgroup --fork --kill-child --mount-proc --propagation private \
    "$LAB_SH" _init "$DIR" "$n"
}

# PID 1 of the node (new PID/mount/UTS/IPC/cgroup namespaces, inside the node's netns): builds the node's
# filesystem view, provisions it on first boot, then execs systemd.
cmd_init() {
  set_dir "$1"; local n=$2 d; d=$(node_dir "$n")
  at "init $n"
  # Read everything needed from DIR now: DIR may be under /tmp, which gets the node's own tmpfs below.
  local name fs opts hiers=()
  while read -r name fs opts; do hiers+=("$name $fs $opts"); done <"$DIR/cgroups.list"
  hostname "$n"
  umount -l /run/netns 2>/dev/null || true  # copies of the other labs' netns mounts would pin them
  # /proc/sys read-only except the node's own net.* (systemd-sysctl must not set kernel.* for the host).
  mount --bind /proc/sys /proc/sys
  mount --bind /proc/sys/net /proc/sys/net
  mount -o remount,bind,ro,nosuid,nodev,noexec /proc/sys
  if [[ -e /proc/sysrq-trigger ]]; then
    mount --bind /proc/sysrq-trigger /proc/sysrq-trigger
    mount -o remount,bind,ro /proc/sysrq-trigger
  fi
  # The node's disk: /usr read-only, overlays (upper dirs in DIR) for the rest.
  mount --bind /usr /usr
  mount -o remount,bind,ro /usr
  local p key
  for p in etc var home usr/local opt srv; do
    key=${p//\//_}
    mkdir -p "$d/ovl/$key/upper" "$d/ovl/$key/work"
    mount -t overlay "ovl-$ID-$n-$key" -o "lowerdir=/$p,upperdir=$d/ovl/$key/upper,workdir=$d/ovl/$key/work" "/$p"
  done
  mkdir -p "$d/root" "$d/plain/containerd" "$d/plain/kubelet" /var/lib/containerd /var/lib/kubelet
  chmod 700 "$d/root"
  mount --bind "$d/root" /root
  # containerd's overlayfs snapshotter cannot work on an overlay /var (lab-notes pitfall 6)
  mount --bind "$d/plain/containerd" /var/lib/containerd
  mount --bind "$d/plain/kubelet" /var/lib/kubelet
  [[ -e /etc/hardway-node ]] || provision "$n" "$d"
  # /dev: a private minimal one (no host disks, ttys or console).
  mount -t tmpfs -o mode=755,nosuid,size=4m "dev-$n" /dev
  mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/full c 1 7
  mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9; mknod -m 666 /dev/tty c 5 0
  mkdir -m 755 /dev/net; mknod -m 666 /dev/net/tun c 10 200
  ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin
  ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
  mkdir -m 755 /dev/pts
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5,nosuid,noexec devpts /dev/pts
  ln -s pts/ptmx /dev/ptmx
  mkdir -m 1777 /dev/shm /dev/mqueue
  mount -t tmpfs -o mode=1777,nosuid,nodev shm /dev/shm
  touch /dev/console
  mount --bind "$d/console.log" /dev/console
  mount -t tmpfs -o mode=755,nosuid,nodev,size=20% "run-$n" /run
  mkdir -m 1777 /run/lock
  # A boot id of its own (the kernel's is machine-wide), so journalctl -b / --list-boots see node reboots.
  tr -d '\n' </proc/sys/kernel/random/uuid >/run/.hardway-boot-id
  mount --bind /run/.hardway-boot-id /proc/sys/kernel/random/boot_id
  mount -t tmpfs -o mode=1777,nosuid,nodev "tmp-$n" /tmp
  # /sys read-only, with the node's own cgroup subtree (cgroup namespace) mounted like the host's layout.
  mount -o remount,bind,ro /sys
  local h
  for h in "${hiers[@]}"; do
    read -r name fs opts <<<"$h"
    if [[ $name == . ]]; then
      mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup
    fi
  done
  # Workers see a pure cgroup v2 host (kubelet 1.35+ refuses v1; containerd 2.2 deprecates it): the machine's
  # unified hierarchy, which the cgroup namespace roots at the node's own cgroup, on /sys/fs/cgroup itself, and
  # no v1 hierarchy at all. systemd then boots in unified mode, as on Ubuntu 24.04 / Debian 12.
  if [[ ${NODE_ROLE[$n]} == worker ]] && ! mountpoint -q /sys/fs/cgroup; then
    for h in "${hiers[@]}"; do
      read -r name fs opts <<<"$h"
      if [[ $fs == cgroup2 ]]; then
        mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup
        break
      fi
    done
  fi
  if ! mountpoint -q /sys/fs/cgroup; then
    mount -t tmpfs -o mode=755,nosuid,nodev,noexec cgroup /sys/fs/cgroup
    for h in "${hiers[@]}"; do
      read -r name fs opts <<<"$h"
      mkdir -p "/sys/fs/cgroup/$name"
      if [[ $fs == cgroup2 ]]; then
        mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "/sys/fs/cgroup/$name"
      else
        mount -t cgroup -o "nosuid,nodev,noexec,$opts" cgroup "/sys/fs/cgroup/$name"
      fi
    done
    mount -o remount,ro,nosuid,nodev,noexec /sys/fs/cgroup
  fi
  # Nothing of the machine's root filesystem is writable from the node except through the mounts above.
  mount -o remount,bind,ro /
  cd /
  exec env -i container=hardway-testbed TERM=linux LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /lib/systemd/systemd --system --log-target=console --show-status=no </dev/null
}

# First boot of a node: its identity, sshd, and the host's enabled units switched off.
provision() {
  local n=$1 d=$2
  echo "$n" >/etc/hostname
  cp "$DIR/hosts" /etc/hosts
  tr -d '-' </proc/sys/kernel/random/uuid >/etc/machine-id
  echo "# hardway test bed node $n: nothing to mount (the node's mounts are made by lab.sh)" >/etc/fstab
  rm -f /etc/ssh/ssh_host_*
  install -m 600 "$d/hostkey/ssh_host_ed25519_key" /etc/ssh/ssh_host_ed25519_key
  install -m 644 "$d/hostkey/ssh_host_ed25519_key.pub" /etc/ssh/ssh_host_ed25519_key.pub
  mkdir -p /etc/ssh/sshd_config.d
  cat >/etc/ssh/sshd_config.d/00-hardway-testbed.conf <<EOF
# hardway test bed: this node's sshd (ssh.service). First value wins in sshd_config.
ListenAddress ${NODE_IP[$n]}
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
MaxStartups 100:30:200
MaxSessions 64
SetEnv LAB_NODE=$n
EOF
  local f b keep k
  for f in /etc/systemd/system/*.wants/* /etc/systemd/system/*.requires/*; do
    b=$(basename "$f"); keep=0
    for k in "${KEEP_WANTS[@]}"; do [[ $b == "$k" ]] && keep=1; done
    ((keep)) || rm -f "$f"
  done
  # SysV scripts without a native unit (exim4, ...) would be started by systemd-sysv-generator: mask them.
  # Their rc?.d links stay: `systemctl enable X` runs update-rc.d for any X with an /etc/init.d script and
  # fails when the links are gone.
  for f in /etc/init.d/*; do
    b=$(basename "$f")
    [[ -x $f && ! -e /lib/systemd/system/$b.service && ! -e /etc/systemd/system/$b.service ]] \
      && ln -sfn /dev/null "/etc/systemd/system/$b.service"
  done
  # etcd is installed by the lessons from release tarballs, as on a fresh VM: hide the host package's
  # SysV script, defaults file and alias (Debian's /lib/systemd/system/etcd.service stays visible in /usr).
  rm -f /etc/init.d/etcd /etc/rc?.d/[SK][0-9][0-9]etcd /etc/default/etcd /etc/systemd/system/etcd2.service
  mkdir -p /etc/systemd/system/multi-user.target.wants
  ln -sfn /lib/systemd/system/ssh.service /etc/systemd/system/multi-user.target.wants/ssh.service
  for k in "${MASK_UNITS[@]}"; do ln -sfn /dev/null "/etc/systemd/system/$k"; done
  install -d -m 700 /root/.ssh
  install -m 600 "$DIR/keys/id_ed25519.pub" /root/.ssh/authorized_keys
  cp -n /etc/skel/.bashrc /etc/skel/.profile /root/ 2>/dev/null || true
  echo "lab=$ID node=$n ip=${NODE_IP[$n]}" >/etc/hardway-node
}

node_poweroff() {
  local n=$1 ns; ns=$(node_ns "$n")
  at "poweroff $n"
  local p; p=$(init_pid "$n" || true)
  [[ -n $p ]] && kill -9 "$p" 2>/dev/null || true   # PID 1 gone: the kernel kills the whole PID namespace
  kill_ns_procs "$ns"
  if ns_exists "$ns"; then
    # A powered-off netns would still answer ARP/ping/TCP RST and keep the VIP (lab-notes pitfall 8).
    ip -n "$ns" link set eth0 down 2>/dev/null || true
    ip -n "$ns" addr flush dev eth0 2>/dev/null || true
  fi
  rm -f "$(node_dir "$n")/holder.pid"
}

# ------------------------------------------------------------------------------------------ probes --
ssh_banner() { # NODE -> 0 when its sshd sends a banner to the client namespace
  ip netns exec "$CLIENT_NS" timeout 2 bash -c \
    "exec 3<>/dev/tcp/${NODE_IP[$1]}/22 && IFS= read -r -t 1 l <&3 && [[ \$l == SSH-* ]]" 2>/dev/null
}
wait_ssh() {
  local deadline=$((SECONDS + WAIT_SSH_SECONDS)) n pending=("$@")
  while ((${#pending[@]})); do
    local still=()
    for n in "${pending[@]}"; do ssh_banner "$n" || still+=("$n"); done
    pending=("${still[@]}")
    ((${#pending[@]})) || break
    ((SECONDS < deadline)) || die "sshd not answering after ${WAIT_SSH_SECONDS}s on: ${pending[*]}"
    sleep 0.1
  done
}
node_exec() { # NODE CMD... (inside all of the node's namespaces, clean environment)
  local n=$1; shift
  local p; p=$(init_pid "$n") || die "node $n is not running (lab $ID at $DIR)"
  setpriv --bounding-set -sys_module,-sys_time \
    nsenter -t "$p" -m -u -i -n -p -C --wd=/ -- env -i HOME=/root USER=root LOGNAME=root TERM="${TERM:-dumb}" \
    LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# -------------------------------------------------------------------------------------- commands --
cmd_up() {
  preflight
  [[ -e $DIR && ! -e $DIR/.hardway-testbed ]] && [[ -n $(ls -A "$DIR") ]] \
    && die "$DIR exists and is not a test bed directory; choose another --dir"
  mkdir -p "$DIR/nodes"
  echo "$ID" >"$DIR/.hardway-testbed"
  exec 8>"$DIR/.lock"; flock 8
  local t0=$SECONDS
  versions
  cgroup_list >"$DIR/cgroups.list"
  [[ -s $DIR/cgroups.list ]] || die "no cgroup hierarchy under /sys/fs/cgroup"
  make_keys
  write_ssh_config
  write_hosts
  build_mirror
  write_cluster_yaml
  net_up
  mirror_up
  local n
  for n in "${NODES[@]}"; do node_boot "$n"; done
  at "wait for sshd"
  wait_ssh "${NODES[@]}"
  write_env
  at "done"
  log "lab $ID up in $((SECONDS - t0))s: $DIR (client netns $CLIENT_NS; try: ip netns exec $CLIENT_NS ssh -F $DIR/ssh_config master1)"
}

cmd_down() {
  [[ $(id -u) -eq 0 ]] || die "not root"
  at "down"
  local locked=0
  if [[ -d $DIR ]] && [[ -e $DIR/.hardway-testbed ]]; then exec 8>"$DIR/.lock"; flock -w 30 8 && locked=1; fi
  local n
  for n in "${NODES[@]}"; do
    local p; p=$(init_pid "$n" 2>/dev/null || true)
    [[ -n $p ]] && kill -9 "$p" 2>/dev/null || true
  done
  # Every process in any namespace of this lab (node trees, holders, the mirror, stray execs).
  at "down: kill processes"
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$ID-" || true); do kill_ns_procs "$ns"; done
  at "down: delete namespaces"
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$ID-" || true); do
    ip netns del "$ns" 2>/dev/null || log "could not delete netns $ns"
  done
  # Holders that never reached their netns (a half-failed boot) still sit in the lab's cgroups.
  local base pids
  for base in /sys/fs/cgroup /sys/fs/cgroup/*; do
    [[ -d $base/$CG_REL ]] || continue
    pids=$(find "$base/$CG_REL" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u || true)
    [[ -n $pids ]] && { kill -9 $pids 2>/dev/null || true; wait_dead $pids || true; }
  done
  at "down: cgroups"
  cg_remove
  at "down: files"
  rm -rf "/etc/netns/$CLIENT_NS"
  if [[ -e $DIR/.hardway-testbed ]]; then
    rm -rf "$DIR"
  fi
  local left; left=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$ID-" || true)
  [[ -z $left ]] || die "namespaces left behind: $left"
  log "lab $ID down"
}

cmd_status() {
  [[ -e $DIR/env ]] || { echo "lab $ID ($DIR): not up"; return 3; }
  local n bad=0
  printf '%-8s %-12s %-8s %-13s %s\n' NODE IP PID SYSTEMD SSH
  for n in "${NODES[@]}"; do
    local p st="-" sh="no"
    p=$(init_pid "$n" || echo "-")
    if [[ $p != - ]]; then
      st=$(node_exec "$n" systemctl is-system-running 2>/dev/null || true)
      [[ -n $st ]] || st=unknown
      ssh_banner "$n" && sh=yes
    fi
    [[ $p != - && $sh == yes ]] || bad=1
    printf '%-8s %-12s %-8s %-13s %s\n' "$n" "${NODE_IP[$n]}" "$p" "$st" "$sh"
  done
  local m=no; mirror_pid >/dev/null && m=yes
  echo "mirror http://$CLIENT_IP:$MIRROR_PORT/ running: $m"
  [[ $m == yes ]] || bad=1
  return $((bad ? 1 : 0))
}

usage() { sed -n '2,15p' "$LAB_SH" | sed 's/^# \{0,1\}//' >&2; exit 2; }

main() {
  trap 'on_err $LINENO "$BASH_COMMAND"' ERR
  case ${1:-} in
    _launch) shift; cmd_launch "$@"; return ;;
    _init) shift; cmd_init "$@"; return ;;
  esac
  # --dir DIR anywhere before `--`; the first other word is the command.
  local dir=${HARDWAY_TESTBED_DIR:-/tmp/hardway-lab} args=() cmd=""
  while (($#)); do
    case $1 in
      --dir) [[ $# -ge 2 ]] || die "--dir needs a value"; dir=$2; shift 2 ;;
      --dir=*) dir=${1#--dir=}; shift ;;
      -h | --help | help) usage ;;
      --) args+=("$@"); break ;;
      *) if [[ -z $cmd ]]; then cmd=$1; else args+=("$1"); fi; shift ;;
    esac
  done
  [[ -n $cmd ]] || usage
  set -- "${args[@]+"${args[@]}"}"
  [[ $(id -u) -eq 0 ]] || die "not root (the test bed needs root for namespaces)"
  dir=$(readlink -m "$dir")
  set_dir "$dir"
  case $cmd in up | down | boot) ensure_cgroupfs --dir "$dir" "$cmd" "$@" ;; esac
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    status) trap - ERR; cmd_status ;;
    mirror)
      # Only the mirror content (DIR/mirror) and its versions (DIR/mirror.env): src/test/vagrant/vm-lab.sh serves it.
      mkdir -p "$DIR"; versions; build_mirror
      printf 'MIRROR_ETCD_VERSION=%s\nMIRROR_KUBERNETES_VERSION=%s\n' "$ETCDVER" "$KUBEVER" >"$DIR/mirror.env" ;;
    exec)
      need_node "${1:-}"; local n=$1; shift
      [[ ${1:-} == -- ]] && shift
      (($#)) || die "usage: lab.sh exec NODE -- CMD..."
      trap - ERR
      node_exec "$n" "$@" ;;
    nsenter)
      need_node "${1:-}"; trap - ERR
      node_exec "$1" bash -l ;;
    poweroff)
      need_node "${1:-}"; exec 8>"$DIR/.lock"; flock 8
      node_poweroff "$1"; log "$1 powered off" ;;
    boot)
      need_node "${1:-}"; [[ -e $DIR/env ]] || die "lab $ID ($DIR) is not up"
      exec 8>"$DIR/.lock"; flock 8
      node_boot "$1"; wait_ssh "$1"; log "$1 booted" ;;
    isolate | unisolate)
      need_node "${1:-}"; ns_exists "$NET_NS" || die "lab $ID ($DIR) is not up"
      local state=0; [[ $cmd == unisolate ]] && state=3
      bridge -n "$NET_NS" link set dev "$ID-$1" state "$state"
      log "$1 ${cmd}d" ;;
    wait-ssh)
      [[ -e $DIR/env ]] || die "lab $ID ($DIR) is not up"
      local ns=("$@"); ((${#ns[@]})) || ns=("${NODES[@]}")
      for n in "${ns[@]}"; do need_node "$n"; done
      wait_ssh "${ns[@]}" ;;
    *) die "unknown command '$cmd' (up, down, status, exec, nsenter, poweroff, boot, isolate, unisolate, wait-ssh)" ;;
  esac
}

main "$@"
