# A highly available API endpoint

<#if cluster.hasApiLb>
Every client of cluster `${cluster.name}` (you with kubectl, the kubelets, kube-proxy) reaches the API at
**`${cluster.api.endpoint}`**. That address belongs to no single machine: it is a virtual IP that one of the two
load balancers holds, and haproxy there forwards each connection to a healthy kube-apiserver.

```
 clients ──► ${cluster.apiLb.vip}:${cluster.apiLb.port} (VIP, on <#list cluster.lbs as l>${l.name}<#sep> or </#list>)
                   │ haproxy, TCP
<#list cluster.masters as m>
                   ├──► ${m.name} ${m.ip}:${cluster.api.apiserverPort}
</#list>
```

## haproxy: spreading connections

haproxy runs in **TCP mode**: it does not terminate TLS, it passes bytes. The client's TLS session goes to the
kube-apiserver itself, which is why the VIP is in the API server certificate (lesson 02) and why haproxy needs
no certificate at all. Every second it tries a TCP connect to each master's port ${cluster.api.apiserverPort}
(`check inter 1s fall 2 rise 2`): two failures and the master is taken out, two successes and it is back.

Until lesson 06 starts kube-apiserver, **every backend is DOWN** and a connection to the VIP is accepted and
then closed. That is expected: this lesson only builds the road. `echo "show servers state" | socat stdio
/run/haproxy/admin.sock` (or `journalctl -u haproxy`) shows each backend's state.

The frontend binds to `*:${cluster.apiLb.port}`, not to the VIP: the standby machine does not hold the VIP, and a
bind to an address the machine does not have fails unless `net.ipv4.ip_nonlocal_bind=1`. With `*` both
machines listen all the time, and the one that gets the VIP serves at once.

## keepalived: moving the address

keepalived implements **VRRP**. The load balancers send each other an advert every second (`advert_int 1`):
<#list cluster.lbs as l>
- `${l.name}` (${l.ip}): `state ${(l.lbIndex == 0)?then("MASTER", "BACKUP")}`, priority ${l.vrrpPriority}
</#list>

The highest priority that is alive holds `${cluster.apiLb.vip}/${cluster.apiLb.prefixLength}`. Adverts go by
**unicast** (`unicast_src_ip`/`unicast_peer`) because many networks (clouds, some hypervisors) drop VRRP
multicast. If the MASTER stops advertising (machine down, keepalived stopped), the BACKUP takes the VIP after
about three missed adverts and announces it with gratuitous ARP, so clients' ARP caches follow.

keepalived alone only knows whether keepalived runs. The **track script** `systemctl is-active --quiet haproxy` ties the VIP
to haproxy: two failed checks and the node goes to FAULT and releases the VIP, so it never holds an address
nobody listens on.

## Things to try afterwards

- `ip -br addr` on both load balancers: exactly one shows ${cluster.apiLb.vip}.
- `systemctl stop haproxy` on the holder: within ~2 s the VIP moves; start it again and it comes back (preempt).
- Both holding the VIP at once is **split brain**: it happens when they stop hearing each other's adverts
  while both are alive (a network partition between them).
<#else>
Cluster `${cluster.name}` has no API load-balancer pair, so this lesson is skipped: clients use the first
master, `${cluster.api.endpoint}`, directly. The HA presets add two load balancers with haproxy and keepalived
holding a virtual IP in front of all masters; switch to one (`cluster use ha`) to build it.
</#if>
