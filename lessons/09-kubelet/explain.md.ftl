# The node agents: kubelet and kube-proxy

<#if cluster.workers?has_content>
Each worker (<#list cluster.workers as w>${w.name} ${w.ip}<#sep>, </#list>) gets two programs, both
Kubernetes ${cluster.versions.kubernetes}:

- the **kubelet** registers the machine as a Node, asks containerd (lesson 08) to start the pods the scheduler
  gives it, and reports their state to the API server;
- **kube-proxy** watches Services and EndpointSlices and writes the packet-filter rules (${cluster.network.proxyMode}
  mode here) that send a ClusterIP such as ${cluster.network.firstServiceIp} to a pod.

Both reach the API at **${cluster.api.endpoint}**<#if cluster.hasApiLb> (the VIP: a worker stays Ready when one master
stops)</#if> with the kubeconfigs of lesson 03, and the kubelet logs in with its own certificate
`system:node:NAME` from lesson 02, which the Node authorizer limits to that node's objects.

## The kubelet's configuration file

Since Kubernetes 1.10 almost every kubelet setting is a field of a `KubeletConfiguration`
(`kubelet.config.k8s.io/v1beta1`, still v1beta1 in 1.37). Flags for them still work but log "should be set via the
config file", and some flags are **gone**: `--pod-infra-container-image` was removed in 1.35 (the pause image is
containerd's business now), `--container-runtime` and `--network-plugin` long before, the leaked cAdvisor flags in
1.37. A unit with one of them stops with `unknown flag`. The unit here keeps only `--config`, `--kubeconfig` and:

- **`--node-ip=NODE_IP`**. A Vagrant VM has two interfaces; the first is the NAT one, `10.0.2.15` on *every* VM.
  Without the flag the kubelet registers that address, and `kubectl logs` or `exec` dial `10.0.2.15:10250`, which
  is some other machine's loopback world. `kubectl get nodes -o wide` shows it in the INTERNAL-IP column.
- `clusterDNS: [${cluster.network.clusterDns}]` and `clusterDomain: ${cluster.domain}`: every pod's
  `/etc/resolv.conf` names CoreDNS (lesson 11) at exactly `network.cluster_dns`. Another address is a nameserver
  that nothing answers.
- **`resolvConf`**: what pods with `dnsPolicy: Default`, CoreDNS among them, use as upstream. On Ubuntu,
  systemd-resolved makes `/etc/resolv.conf` name its stub `127.0.0.53`; inside a pod that address is the pod
  itself, so CoreDNS would forward to itself and stop with "loop detected". The real servers are in
  `/run/systemd/resolve/resolv.conf`. Debian 12 without systemd-resolved has them in `/etc/resolv.conf`.
  Which one applies is a fact of the machine, not of the cluster config, so the step decides **on the node**:
  it uploads `kubelet-config.yaml.in` with a placeholder and fills in the file that exists there.
- `cgroupDriver: systemd` is only informational since 1.34: the kubelet asks containerd, whose
  `SystemdCgroup = true` decides. `failCgroupV1` stays at its default `true`: kubelet 1.35+ refuses cgroup v1
  hosts ("kubelet is configured to not run on a host using cgroup v1"); Ubuntu 24.04 and Debian 12 boot cgroup v2.
- Authentication by client certificate (the cluster CA) or webhook, never anonymous; authorization by webhook:
  the API server decides who may read logs or exec (lesson 06 bound its own client certificate to that right).

After the start the node is **registered but NotReady**: `container runtime network not ready ... cni plugin not
initialized`. That is correct until lesson 10 writes the CNI config.

## kube-proxy

Its `KubeProxyConfiguration` (`kubeproxy.config.k8s.io/v1alpha1`) names the kubeconfig, the mode
(`network.proxy_mode`: `iptables`, the default, or `nftables`, GA since 1.33 and in need of kernel ≥ 5.13) and
`clusterCIDR ${cluster.network.podCidr}`. `ipvs` is deprecated since 1.35 and not offered. In nftables mode
NodePorts are never answered on 127.0.0.1: test them on a node IP. `curl -s http://127.0.0.1:10249/proxyMode` on a
worker tells which mode really runs.

## Checks that name known mistakes

Besides the fields above, the checks recognise: a cgroup v1 host, swap left on, a removed flag in the unit, the
systemd-resolved stub as resolvConf, the NAT address registered, clusterDNS not the CoreDNS Service IP, a
kubeconfig that bypasses ${cluster.api.endpoint}, a certificate of another node, br_netfilter off, and nftables on
an old kernel.
<#else>
This cluster has no workers, so there is nothing to run a kubelet or kube-proxy on: the masters run only the
control plane. Add a node with the role `worker` to get pods.
</#if>
