# kubelet of ${node.name} (hardway lesson 09-kubelet). Only flags that have no config field: everything else
# is in /var/lib/kubelet/kubelet-config.yaml.
[Unit]
Description=Kubernetes kubelet on ${node.name}
Documentation=https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
After=containerd.service
Requires=containerd.service

[Service]
# --node-ip: register ${node.ip}, not the address of the default route (on Vagrant the NAT address 10.0.2.15)
ExecStart=/usr/local/bin/kubelet \
  --config=/var/lib/kubelet/kubelet-config.yaml \
  --kubeconfig=/var/lib/kubelet/kubeconfig \
  --node-ip=${node.ip} \
  --v=2
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
