# crictl on ${node.name}: talk to containerd's CRI socket (without this, crictl warns about default endpoints).
runtime-endpoint: unix:///run/containerd/containerd.sock
image-endpoint: unix:///run/containerd/containerd.sock
timeout: 10
