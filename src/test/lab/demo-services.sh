#!/usr/bin/env bash
# Proves, on a running test bed, what the etcd and load-balancer lessons do on real VMs, the way they do it:
# over ssh from the client namespace, with systemd units written to /etc/systemd/system (etcd installed from
# the mirror into /usr/local/bin) and with Debian's own haproxy.service / keepalived.service.
#   demo-services.sh [--dir DIR]       (lab must be up; prints "N passed, N failed")
# Plain-HTTP etcd on purpose: the point is the units and the VIP; TLS is the lessons' business.
set -uo pipefail
DIR=${HARDWAY_TESTBED_DIR:-/tmp/hardway-lab}
[[ ${1:-} == --dir ]] && DIR=$2
# shellcheck disable=SC1091
source "$DIR/env"
C=(ip netns exec "$LAB_CLIENT_NS")
S() { "${C[@]}" ssh -F "$LAB_SSH_CONFIG" "$@"; }
pass=0 fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else ko "$what"; fi; }
poll() { # SECONDS WHAT CMD...: polls every 0.1 s; prints the time it took
  local limit=$1 what=$2; shift 2
  local t0; t0=$(date +%s.%N)
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { ko "$what (not within ${limit}s)"; return 1; }
    sleep 0.1
  done
  ok "$what ($(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}')s)"
}
vip_on() { "$LAB_SH" --dir "$DIR" exec "$1" -- ip -o -4 addr show dev eth0 | grep -q " $LAB_VIP/"; }
vip_off() { ! vip_on "$1"; }

M=(master1 master2 master3)
cluster=""
for m in "${M[@]}"; do v=LAB_NODE_${m}_IP; cluster+="${cluster:+,}$m=http://${!v}:2380"; done

# --- etcd: binary from the mirror, checksum verified, own unit, started in parallel (Type=notify blocks
#     `enable --now` until a quorum exists, so use --no-block or start the members at the same time).
for m in "${M[@]}"; do
  v=LAB_NODE_${m}_IP; ip=${!v}
  S "$m" bash -s <<EOF &
set -euo pipefail
cd /tmp
curl -fsSLO $LAB_MIRROR_URL/etcd-io/etcd/releases/download/v$LAB_ETCD_VERSION/etcd-v$LAB_ETCD_VERSION-linux-amd64.tar.gz
curl -fsSLO $LAB_MIRROR_URL/etcd-io/etcd/releases/download/v$LAB_ETCD_VERSION/SHA256SUMS
sha256sum -c --ignore-missing SHA256SUMS
tar -xzf etcd-v$LAB_ETCD_VERSION-linux-amd64.tar.gz
install -m 755 etcd-v$LAB_ETCD_VERSION-linux-amd64/etcd etcd-v$LAB_ETCD_VERSION-linux-amd64/etcdctl /usr/local/bin/
mkdir -p /var/lib/etcd && chmod 700 /var/lib/etcd
cat >/etc/systemd/system/etcd.service <<UNIT
[Unit]
Description=etcd
Documentation=https://github.com/etcd-io/etcd
[Service]
Type=notify
ExecStart=/usr/local/bin/etcd --name $m --data-dir /var/lib/etcd \\\\
  --listen-peer-urls http://$ip:2380 --initial-advertise-peer-urls http://$ip:2380 \\\\
  --listen-client-urls http://$ip:2379,http://127.0.0.1:2379 --advertise-client-urls http://$ip:2379 \\\\
  --initial-cluster $cluster --initial-cluster-token testbed --initial-cluster-state new
Restart=on-failure
RestartSec=1
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now --no-block etcd
EOF
done
wait
poll 20 "etcd: 3 members healthy" S master1 "ETCDCTL_API=3 etcdctl --endpoints=http://${LAB_NODE_master1_IP}:2379,http://${LAB_NODE_master2_IP}:2379,http://${LAB_NODE_master3_IP}:2379 endpoint health"
check "etcd: unit active on master2" S master2 "systemctl is-active etcd"
check "etcd: journalctl -u etcd has lines" S master3 "journalctl -u etcd -n 5 --no-pager | grep -q ."

# --- haproxy (Debian's haproxy.service, config in /etc/haproxy/haproxy.cfg) and keepalived (Debian's
#     keepalived.service, which already runs keepalived --dont-fork) on lb1/lb2.
for lb in lb1 lb2; do
  v=LAB_NODE_${lb}_IP; ip=${!v}
  if [[ $lb == lb1 ]]; then peer=$LAB_NODE_lb2_IP; prio=101; state=MASTER; else peer=$LAB_NODE_lb1_IP; prio=100; state=BACKUP; fi
  S "$lb" bash -s <<EOF
set -euo pipefail
cat >/etc/haproxy/haproxy.cfg <<CFG
global
  log /dev/log local0
  stats socket /run/haproxy/admin.sock mode 660 level admin
defaults
  mode tcp
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend api
  bind *:6443
  default_backend masters
backend masters
  balance roundrobin
  option tcp-check
  server master1 $LAB_NODE_master1_IP:2379 check inter 1s fall 2 rise 2
  server master2 $LAB_NODE_master2_IP:2379 check inter 1s fall 2 rise 2
  server master3 $LAB_NODE_master3_IP:2379 check inter 1s fall 2 rise 2
CFG
cat >/etc/keepalived/keepalived.conf <<CFG
global_defs {
  router_id $lb
  enable_script_security
  script_user root
}
vrrp_script chk_haproxy {
  script "/usr/bin/killall -0 haproxy"
  interval 1
  fall 2
  rise 2
}
vrrp_instance api {
  state $state
  interface eth0
  virtual_router_id 51
  priority $prio
  advert_int 1
  unicast_src_ip $ip
  unicast_peer {
    $peer
  }
  virtual_ipaddress {
    $LAB_VIP/24 dev eth0
  }
  track_script {
    chk_haproxy
  }
}
CFG
systemctl enable --now haproxy keepalived
EOF
done
check "haproxy: active on lb1" S lb1 "systemctl is-active haproxy"
check "keepalived: active on lb2" S lb2 "systemctl is-active keepalived"
poll 10 "VIP $LAB_VIP on lb1" vip_on lb1
poll 10 "etcd through VIP:6443 (haproxy)" "${C[@]}" curl -fsS --max-time 2 "http://$LAB_VIP:6443/health"
S lb1 systemctl stop keepalived
poll 10 "VIP moves to lb2 after 'systemctl stop keepalived' on lb1" vip_on lb2
check "VIP no longer on lb1" vip_off lb1
S lb1 systemctl start keepalived
poll 10 "VIP back on lb1 (preempt)" vip_on lb1
"$LAB_SH" --dir "$DIR" poweroff lb1 >/dev/null 2>&1
poll 10 "VIP on lb2 after poweroff lb1" vip_on lb2
poll 10 "etcd through VIP after poweroff lb1" "${C[@]}" curl -fsS --max-time 2 "http://$LAB_VIP:6443/health"
"$LAB_SH" --dir "$DIR" boot lb1 >/dev/null 2>&1
poll 15 "after boot lb1: haproxy+keepalived come back (enabled), VIP on lb1" vip_on lb1
"$LAB_SH" --dir "$DIR" poweroff master2 >/dev/null 2>&1
poll 10 "etcd writes with master2 powered off" S master1 "ETCDCTL_API=3 etcdctl put /testbed/k v"
"$LAB_SH" --dir "$DIR" boot master2 >/dev/null 2>&1
poll 20 "master2's etcd back after boot (unit enabled)" S master2 "ETCDCTL_API=3 etcdctl --endpoints=http://127.0.0.1:2379 get /testbed/k | grep -q '^v$'"
echo "$pass passed, $fail failed"
((fail == 0))
