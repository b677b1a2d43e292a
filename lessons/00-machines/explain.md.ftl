# The machines of cluster `${cluster.name}`

Kubernetes "the hard way" means no installer: you place every binary, certificate and config file yourself,
on machines you can log in to. This lab has ${cluster.nodes?size} of them (${cluster.totalCpus} CPUs and
${cluster.totalMemory} MiB of memory in total), all on the node network `${cluster.network.nodeSubnet}`:

| machine | address | roles | what it will run |
|---|---|---|---|
<#list cluster.nodes as n>
| `${n.name}` | ${n.ip} | ${n.roles?join(", ")} | <#if n.isJumpbox>downloads, the certificate authority, kubectl<#elseif n.isMaster>etcd, kube-apiserver, kube-controller-manager, kube-scheduler<#elseif n.isLb>haproxy + keepalived (the API VIP)<#elseif n.isElb>the ingress load balancer<#elseif n.isWorker>containerd, kubelet, kube-proxy, your pods<#else>${n.roles?join(", ")}</#if> |
</#list>

- **The jumpbox**<#if cluster.hasJumpbox> (`${cluster.jumpbox.name}`)</#if> is your workbench. Release archives are
  downloaded and checked there, the certificate authority lives there (its private key never leaves it), and the
  admin's `kubectl` talks to the cluster from there. hardway copies the finished files from the jumpbox to the
  other machines, which is what `scp` would do by hand.
- **${cluster.masters?size} master<#if cluster.masters?size != 1>s</#if>** (<#list cluster.masters as m>`${m.name}`<#sep>, </#list>) <#if cluster.masters?size == 1>forms<#else>form</#if> the control plane. Each runs an etcd
  member; etcd needs a majority, so <#if cluster.masters?size == 1>a single master has no fault tolerance at
  all: if it stops, the cluster stops<#else>${cluster.masters?size} members keep working with
  ${((cluster.masters?size - 1) / 2)?floor} of them down</#if>.
- **${cluster.workers?size} worker<#if cluster.workers?size != 1>s</#if>** (<#list cluster.workers as w>`${w.name}`<#if w.podCidr?has_content> with pods in ${w.podCidr}</#if><#sep>, </#list>) run your containers.
<#if cluster.hasApiLb>
- **An API load-balancer pair** (<#list cluster.lbs as l>`${l.name}`<#sep> and </#list>) shares the virtual IP
  ${cluster.apiLb.vip}: clients use `${cluster.api.endpoint}`, haproxy spreads their connections over the
  masters, and keepalived moves the VIP to the other machine when one fails.
<#else>
- **No API load balancer**: clients talk straight to `${cluster.api.endpoint}`, the first master. If it fails,
  the API is gone, which is fine for learning and exactly what the HA presets fix.
</#if>

## What this lesson does

1. **identity**: each machine must own the IP address the config gives it and carry its name as hostname.
   A mismatch here (a VM that got another DHCP address, a renamed box) would otherwise surface much later as a
   confusing TLS error, because certificates are issued for exactly these names and addresses.
2. **hosts**: every machine gets the names of all the others in `/etc/hosts`, between
   `# BEGIN hardway` and `# END hardway`. There is no DNS server for the nodes, and kubelets, etcd
   peers and you yourself will use names like `${cluster.masters[0].name}`.

Vagrant images often map the machine's own name to `127.0.1.1` or `127.0.2.1` in `/etc/hosts`. The lessons never
rely on that line (every component is given its IP explicitly), but remember it when a name resolves to a
loopback address.

Everything runs as root, and every step can be run again: it converges to the same state instead of appending
a second copy. Try `lesson run` twice and compare `/etc/hosts`.
