# The pod network

Every pod gets an address from ${cluster.network.podCidr}, and every pod must reach every other pod without NAT,
whichever node it runs on. How, depends on `network.cni` in the cluster config: here **${cluster.network.cni}**.

<#if cluster.network.cni == 'bridge'>
## bridge + routes

Each worker owns a slice of the pod CIDR and puts its pods on a local bridge, cni0:

| worker | IP | pod CIDR |
|---|---|---|
<#list cluster.workers as w>
| ${w.name} | ${w.ip} | ${w.podCidr} |
</#list>

Nothing is hidden in an overlay: a packet from a pod on one worker to a pod on another leaves cni0, is routed by
the node (net.ipv4.ip_forward = 1) to the other worker's IP, and enters that worker's cni0. So every node, the
masters included, needs a route per other worker's pod CIDR. The routes are made persistent with a systemd unit.

The check is real on real machines: on each worker it creates a test network namespace, lets the bridge plugin
set it up with the rendered config (`CNI_COMMAND=ADD`), pings the other workers' test namespaces, and removes
them again (`CNI_COMMAND=DEL`).
<#elseif cluster.network.cni == 'flannel'>
## flannel (vxlan)

flannel runs as a DaemonSet and needs the Kubernetes API (lessons 06 and 09). On every node it:

1. reads the node's spec.podCIDR, which the controller-manager hands out from ${cluster.network.podCidr} when it
   runs with `--allocate-node-cidrs=true --cluster-cidr=${cluster.network.podCidr}` (without it flannel logs
   `node <name> pod cidr not assigned`);
2. builds a VXLAN device flannel.1 (UDP 8472) and one route per other node's pod CIDR through it;
3. writes the one CNI configuration, /etc/cni/net.d/10-flannel.conflist, and its lease /run/flannel/subnet.env.

Two things go wrong most often:

- **the interface.** On Vagrant the first NIC is NAT and has 10.0.2.15 on every VM. flanneld takes the node's own
  IP here (`--iface=$(POD_IP)`: a hostNetwork pod's IP is the kubelet's `--node-ip`), so the tunnels end on the
  private network.
- **two configurations.** containerd loads only the lexically first file in /etc/cni/net.d: a leftover
  10-bridge.conflist would win over 10-flannel.conflist, so the lesson removes it.

The check pings across nodes from a test network namespace per worker, set up through flannel's CNI plugin.
<#else>
## ${cluster.network.cni}

hardway has no steps for `${cluster.network.cni}` yet: install it from its project's manifests for a release that
supports Kubernetes ${cluster.versions.kubernetes}, with the same pod CIDR ${cluster.network.podCidr}, and remove
every other file from /etc/cni/net.d.
</#if>
