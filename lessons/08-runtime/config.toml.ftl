# containerd ${cluster.versions.containerd} on ${node.name}: the CRI configuration the kubelet talks to.
# Format version 3 (containerd 2.0+; 2.3 also reads 4). Plugin ids of v3: io.containerd.cri.v1.images and
# io.containerd.cri.v1.runtime. Check what containerd made of it: containerd config dump
version = 3

[plugins.'io.containerd.cri.v1.images']
  # The snapshotter belongs to the images table in v3; under the runtime table it is silently ignored.
  snapshotter = 'overlayfs'

[plugins.'io.containerd.cri.v1.images'.pinned_images]
  # The pod sandbox ("pause") image: since 1.35 the kubelet has no flag for it, containerd alone decides.
  # Pinned images are never garbage-collected. This tag is containerd 2.3's own default.
  sandbox = 'registry.k8s.io/pause:${cluster.versions.pause}'

[plugins.'io.containerd.cri.v1.runtime'.containerd]
  default_runtime_name = 'runc'

[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
  runtime_type = 'io.containerd.runc.v2'

[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
  # systemd owns the cgroups (cgroup v2); the kubelet takes its cgroup driver from here (KubeletCgroupDriverFromCRI).
  SystemdCgroup = true

[plugins.'io.containerd.cri.v1.runtime'.cni]
  # bin_dirs, not the deprecated bin_dir (deprecated since 2.1, an error together with bin_dirs)
  bin_dirs = ['/opt/cni/bin']
  conf_dir = '/etc/cni/net.d'
