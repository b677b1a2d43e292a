# etcd member ${node.name} of cluster ${cluster.name} (hardway lesson 05-etcd).
# Flags valid for etcd 3.4 to 3.6. Both client and peer traffic are TLS with client certificates.
[Unit]
Description=etcd member ${node.name}
Documentation=https://etcd.io/docs/
After=network-online.target
Wants=network-online.target

[Service]
# notify: systemd counts etcd as started once it has joined a cluster with a leader (so a lone member of
# ${cluster.masters?size} stays "activating" until a majority is up; start the members with --no-block).
Type=notify
ExecStart=/usr/local/bin/etcd \
  --name ${node.name} \
  --data-dir /var/lib/etcd \
  --listen-client-urls https://${node.ip}:2379,https://127.0.0.1:2379 \
  --advertise-client-urls https://${node.ip}:2379 \
  --listen-peer-urls https://${node.ip}:2380 \
  --initial-advertise-peer-urls https://${node.ip}:2380 \
  --initial-cluster ${cluster.etcd.initialCluster} \
  --initial-cluster-token etcd-${cluster.name} \
  --initial-cluster-state new \
  --listen-metrics-urls http://127.0.0.1:2381 \
  --cert-file /etc/etcd/server.pem \
  --key-file /etc/etcd/server-key.pem \
  --trusted-ca-file /etc/etcd/ca.pem \
  --client-cert-auth \
  --peer-cert-file /etc/etcd/server.pem \
  --peer-key-file /etc/etcd/server-key.pem \
  --peer-trusted-ca-file /etc/etcd/ca.pem \
  --peer-client-cert-auth \
  --logger zap
Restart=on-failure
RestartSec=5
# members may wait for each other on first start; give them time before systemd gives up
TimeoutStartSec=300
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
