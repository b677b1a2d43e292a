# kube-scheduler on ${node.name} of cluster ${cluster.name} (hardway lesson 06-control-plane).
# Everything is in its KubeSchedulerConfiguration; leader election as for the controller-manager.
[Unit]
Description=Kubernetes Scheduler (${node.name})
Documentation=https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/
After=kube-apiserver.service

[Service]
ExecStart=/usr/local/bin/kube-scheduler \
  --config=/etc/kubernetes/config/kube-scheduler.yaml \
  --v=2
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
