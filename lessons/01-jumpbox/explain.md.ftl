# The jumpbox and the release binaries

The hard way installs Kubernetes from the projects' own release archives, not from distribution packages:
you see exactly which binary runs where, and nothing hides in a package's post-install script. All of them are
fetched once, on the jumpbox<#if cluster.hasJumpbox> `${cluster.jumpbox.name}` (${cluster.jumpbox.ip})</#if>, checked, and unpacked
into `/root/bin/`. Later lessons copy each binary to the machines that need it.

## What cluster `${cluster.name}` pins

| component | version | from |
|---|---|---|
| etcd + etcdctl | ${cluster.versions.etcd} | `github.com/etcd-io/etcd/releases/download/v${cluster.versions.etcd}/` (+ `SHA256SUMS`) |
| kubectl | ${cluster.versions.kubernetes} | `dl.k8s.io/release/v${cluster.versions.kubernetes}/bin/linux/ARCH/` (+ `kubectl.sha256`) |
| kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy | ${cluster.versions.kubernetes} | the same directory, each with its `.sha256` |
| containerd | ${cluster.versions.containerd} | `github.com/containerd/containerd/releases/` (+ `.sha256sum`) |
| runc | ${cluster.versions.runc} | `github.com/opencontainers/runc/releases/` (+ `runc.sha256sum`) |
| CNI plugins | ${cluster.versions.cniPlugins} | `github.com/containernetworking/plugins/releases/` (+ `.sha256`) |
| crictl | ${cluster.versions.crictl} | `github.com/kubernetes-sigs/cri-tools/releases/` (+ `.sha256`) |

Every version lives in one place, the cluster config. Change it there and every lesson follows. ARCH is
`amd64` or `arm64`, taken from `uname -m` on the jumpbox: the nodes are expected to share its architecture.

## Where the files come from

<#if cluster.downloads.dir?has_content>
This cluster copies the archives from `${cluster.downloads.dir}` on the jumpbox, a directory laid out like
the upstream servers (the path after the host name), for machines without internet access.
<#elseif cluster.downloads.mirror?has_content>
This cluster downloads from the mirror `${cluster.downloads.mirror}`: it replaces the scheme and host of every
upstream URL and keeps the path, so `https://dl.k8s.io/release/v${cluster.versions.kubernetes}/bin/linux/ARCH/kubectl`
becomes `${cluster.downloads.mirror}/release/v${cluster.versions.kubernetes}/bin/linux/ARCH/kubectl`. A workshop
instructor's machine or a test bed serves the same files to everyone.
<#else>
This cluster downloads straight from upstream. A workshop can set `downloads.mirror` (same path layout, other
host) or `downloads.dir` (a local directory on the jumpbox) in the cluster config instead.
</#if>

## Why the checksums matter

A checksum file published beside an archive turns "some file called etcd" into "the etcd the project
released". `sha256sum` of the download must equal the published value; if it does not, the step prints
`CHECKSUM MISMATCH`, **deletes the file** and fails. Never work around it: a truncated download, a stale mirror,
a wrong version pin and a tampered archive all look the same from here. Re-running the step downloads a fresh copy.

The small helper `/root/downloads/fetch.sh` holds the three functions the steps use (`fetch`, `verify`, `get`);
read it: a few dozen lines of curl, awk and sha256sum.
<#if cluster.name == 'testbed' && cluster.downloads.mirror?has_content>

**Test bed note:** this lab's mirror serves etcd, kubectl, containerd, runc and the CNI plugins (Debian's
builds, repacked in the upstream layout), but no Kubernetes server binaries and no crictl: no registry this
machine reaches carries them. Those two steps are skipped here.
</#if>
