# kube-controller-manager on ${node.name} of cluster ${cluster.name} (hardway lesson 06-control-plane).
# It talks to the kube-apiserver on the same master (its kubeconfig points at https://127.0.0.1:${cluster.api.apiserverPort});
# one instance of the ${cluster.masters?size} is leader (Lease kube-system/kube-controller-manager), the others wait.
# No --cluster-signing-*: the CA key stays on the jumpbox (lesson 02), so no certificate is signed by CSR here.
[Unit]
Description=Kubernetes Controller Manager (${node.name})
Documentation=https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
After=kube-apiserver.service

[Service]
ExecStart=/usr/local/bin/kube-controller-manager \
  --bind-address=127.0.0.1 \
  --kubeconfig=/var/lib/kubernetes/kube-controller-manager.kubeconfig \
  --authentication-kubeconfig=/var/lib/kubernetes/kube-controller-manager.kubeconfig \
  --authorization-kubeconfig=/var/lib/kubernetes/kube-controller-manager.kubeconfig \
  --leader-elect=true \
  --cluster-name=kubernetes \
  --allocate-node-cidrs=true \
  --cluster-cidr=${cluster.network.podCidr} \
  --node-cidr-mask-size=24 \
  --service-cluster-ip-range=${cluster.network.serviceCidr} \
  --root-ca-file=/var/lib/kubernetes/ca.pem \
  --service-account-private-key-file=/var/lib/kubernetes/service-account-key.pem \
  --use-service-account-credentials=true \
  --v=2
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
