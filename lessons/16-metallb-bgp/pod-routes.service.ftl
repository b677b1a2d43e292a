# Routes from ${node.name} to the workers' pod CIDRs (hardway lesson 16-metallb-bgp, cni: flannel): the way
# kube-apiserver reaches MetalLB's webhook pod once kube-proxy has turned the ClusterIP into a pod address.
[Unit]
Description=Routes to the workers' pod CIDRs (read from the API)
After=network-online.target kube-apiserver.service
Wants=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/hardway-pod-routes

[Install]
WantedBy=multi-user.target
