# kube-proxy of ${node.name} (hardway lesson 16-metallb-bgp: masters run kube-proxy so kube-apiserver reaches webhook ClusterIPs).
[Unit]
Description=Kubernetes kube-proxy on ${node.name}
Documentation=https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=/usr/local/bin/kube-proxy \
  --config=/var/lib/kube-proxy/kube-proxy-config.yaml
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
