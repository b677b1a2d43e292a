[Service]
ExecStart=/usr/local/bin/etcd --name ${node.name} \
  --initial-cluster ${cluster.etcd.initialCluster}
