# containerd ${cluster.versions.containerd} on ${node.name}, shaped like upstream's containerd.service.
[Unit]
Description=containerd container runtime
Documentation=https://containerd.io
After=network.target dbus.service

[Service]
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/local/bin/containerd --config /etc/containerd/config.toml
# containerd tells systemd when its socket is ready, so "active" means it answers.
Type=notify
# The container cgroups below this unit belong to containerd (systemd cgroup driver).
Delegate=yes
# Stopping containerd must not kill the running containers' shims.
KillMode=process
Restart=always
RestartSec=5
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
OOMScoreAdjust=-999

[Install]
WantedBy=multi-user.target
