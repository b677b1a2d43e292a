# kube-apiserver on ${node.name} of cluster ${cluster.name} (hardway lesson 06-control-plane).
# Flags for Kubernetes ${cluster.versions.kubernetes}; the same values on every master except --advertise-address.
[Unit]
Description=Kubernetes API Server (${node.name})
Documentation=https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/
After=network-online.target etcd.service
Wants=network-online.target

[Service]
ExecStart=/usr/local/bin/kube-apiserver \
  --advertise-address=${node.ip} \
  --allow-privileged=true \
  --authorization-mode=Node,RBAC \
  --bind-address=0.0.0.0 \
  --secure-port=${cluster.api.apiserverPort} \
  --client-ca-file=/var/lib/kubernetes/ca.pem \
  --tls-cert-file=/var/lib/kubernetes/kube-apiserver.pem \
  --tls-private-key-file=/var/lib/kubernetes/kube-apiserver-key.pem \
  --enable-admission-plugins=NamespaceLifecycle,NodeRestriction,LimitRanger,ServiceAccount,DefaultStorageClass,ResourceQuota \
  --encryption-provider-config=/var/lib/kubernetes/encryption-config.yaml \
  --etcd-servers=${cluster.etcd.clientEndpoints} \
  --etcd-cafile=/var/lib/kubernetes/ca.pem \
  --etcd-certfile=/var/lib/kubernetes/etcd-client.pem \
  --etcd-keyfile=/var/lib/kubernetes/etcd-client-key.pem \
  --event-ttl=1h \
  --kubelet-certificate-authority=/var/lib/kubernetes/ca.pem \
  --kubelet-client-certificate=/var/lib/kubernetes/kube-apiserver.pem \
  --kubelet-client-key=/var/lib/kubernetes/kube-apiserver-key.pem \
  --kubelet-preferred-address-types=InternalIP,Hostname \
  --service-account-issuer=${cluster.api.endpoint} \
  --service-account-key-file=/var/lib/kubernetes/service-account.pem \
  --service-account-signing-key-file=/var/lib/kubernetes/service-account-key.pem \
  --service-cluster-ip-range=${cluster.network.serviceCidr} \
  --service-node-port-range=30000-32767 \
  --v=2
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
