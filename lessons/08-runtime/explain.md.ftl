# The container runtime on the workers

The kubelet does not run containers itself: it asks a container runtime over the CRI (a gRPC socket). Here that
is containerd ${cluster.versions.containerd}, which pulls images, unpacks them into snapshots and starts each
container through runc ${cluster.versions.runc}. The CNI plugins ${cluster.versions.cniPlugins} in /opt/cni/bin
give every pod sandbox its network (lesson 10 writes the network config).

| what | where, on <#list cluster.workers as w>${w.name}<#sep>, </#list> |
|---|---|
| kernel | /etc/modules-load.d/kubernetes.conf (overlay, br_netfilter), /etc/sysctl.d/99-kubernetes.conf (ip_forward, bridge-nf-call-iptables) |
| binaries | /usr/local/bin/{containerd,containerd-shim-runc-v2,ctr,runc}, /opt/cni/bin/{bridge,host-local,loopback,portmap} |
| config | /etc/containerd/config.toml (version 3), /etc/systemd/system/containerd.service, /etc/crictl.yaml |

## What is different from older guides

- **cgroup v2 only.** The kubelet refuses cgroup v1 since 1.35 (`failCgroupV1`). `stat -fc %T /sys/fs/cgroup`
  must print `cgroup2fs`; Ubuntu 24.04 and Debian 12 boot that way.
- **Config format 3.** The old `version = 2` with `io.containerd.grpc.v1.cri` is migrated on every start. In v3
  the snapshotter lives in `io.containerd.cri.v1.images`; under the runtime table it is silently ignored.
- **`bin_dirs`, not `bin_dir`.** `bin_dir` is deprecated since containerd 2.1 and sets
  `ContainerdHasNoDeprecationWarnings=false`; both together are an error.
- **SystemdCgroup = true** decides the kubelet's cgroup driver too: since 1.34 the kubelet takes it from the CRI.
- **No `--pod-infra-container-image`**: the sandbox image is pinned in containerd's config.

The `runtime-ready` check asks containerd itself (`ctr version`, `ctr plugins ls`, `ctr deprecations list`) and
reads the config for the known traps: a `version` other than 3, `SystemdCgroup` missing or false, `bin_dir`,
the snapshotter in the wrong table, runc or the loopback plugin missing.
<#if !cluster.downloads.offers.crictl>

**This lab:** its download source offers no crictl, so the crictl step is skipped; `ctr` (which ships with
containerd) answers the same questions here.
</#if>
<#if !cluster.downloads.offers.kubernetes>

**This lab** gets no Kubernetes binaries, so no kubelet will run on it: the cgroup check looks at the hierarchy
only, not at the cpu, memory and pids controllers a kubelet needs.
</#if>
