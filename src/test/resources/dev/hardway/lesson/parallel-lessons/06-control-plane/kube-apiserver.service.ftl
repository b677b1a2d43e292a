[Service]
ExecStart=/usr/local/bin/kube-apiserver --advertise-address=${node.ip} \
  --encryption-provider-config=/var/lib/kubernetes/encryption-config.yaml \
  --service-cluster-ip-range=${cluster.network.serviceCidr}
