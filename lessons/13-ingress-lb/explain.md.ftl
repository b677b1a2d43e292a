# An external load balancer for the workers

<#if cluster.hasIngressLb>
Lesson 12 reached nginx at `<worker IP>:<nodePort>`: fine for a test, not for clients. They want one address
that stays up when a worker, or a load balancer, goes away. In cluster `${cluster.name}` that is the ingress VIP
**`http://${cluster.ingressLb.vip}:${cluster.ingressLb.port}/`**, held by one of <#list cluster.elbs as l>`${l.name}`<#sep> and </#list> (RatK8s's external pair), in
front of the NodePort ${cluster.ingressLb.nodePort} of every worker:

```
 clients ──► ${cluster.ingressLb.vip}:${cluster.ingressLb.port} (VIP, on <#list cluster.elbs as l>${l.name}<#sep> or </#list>)
                   │ haproxy, HTTP, GET / health checks
<#list cluster.workers as w>
                   ├──► ${w.name} ${w.ip}:${cluster.ingressLb.nodePort} ── kube-proxy ──► an nginx pod
</#list>
```

It is lesson 07 again, pointed the other way: 07 puts a VIP in front of the masters for the API, this one puts a
VIP in front of the workers for applications. The keepalived file and haproxy's global section come from the same
template (`07-api-lb/lb.ftl`), so the two pairs cannot drift apart.

## A fixed NodePort

The apiserver picks a NodePort at random unless the Service asks for one. A load balancer configured by hand needs
a port that does not change, so the Service `web` asks for `nodePort: ${cluster.ingressLb.nodePort}` (the cluster config's
`loadbalancers.ingress.node_port`; it must lie in 30000-32767, the apiserver's `--service-node-port-range`).

`externalTrafficPolicy: Cluster` (the default) lets every worker answer: kube-proxy forwards to a pod on any node,
so every backend passes the health check. With `Local`, a worker answers only if it runs a pod of the Service,
and haproxy's check marks the others DOWN: that is a feature (no extra hop, the client address is kept), but
do not be surprised by DOWN backends with it.

## haproxy in HTTP mode

Lesson 07 passes TCP bytes (TLS to the apiserver). Here haproxy speaks HTTP, which buys three things:

- **Layer 7 health checks:** `option httpchk` with `http-check send meth GET uri /` and `http-check expect status
  200-399`. A worker whose kube-proxy is down refuses the connection (L4CON); one that answers 503 fails too
  (L7STS). Two failed checks, 2 s apart, and the worker is out; two good ones and it is back.
- **Request logs** in `journalctl -u haproxy` (`option httplog`), and `X-Forwarded-For` for the pods.
- **`retries` + `option redispatch`:** a request sent to a worker that died a moment ago goes to another one.

The frontend binds `*:${cluster.ingressLb.port}`, not the VIP: a bind to an address the node does not hold fails (haproxy
does not start on the BACKUP) unless `net.ipv4.ip_nonlocal_bind=1`.

## keepalived: the same, with its own router id

<#list cluster.elbs as l>
- `${l.name}` (${l.ip}): `state ${(l.lbIndex == 0)?then("MASTER", "BACKUP")}`, priority ${l.vrrpPriority}
</#list>

The instance is `INGRESS_VIP` with **`virtual_router_id 52`**. <#if cluster.hasApiLb>The API pair (<#list cluster.lbs as l>${l.name}<#sep>, </#list>) uses 51 on the
same network; </#if>a VRID names one virtual router per network segment, and two pairs with the same one read each
other's adverts as their own. Adverts go by unicast, the track script ties the VIP to haproxy, and
`enable_script_security` + `script_user root` keep keepalived 2.x from warning
`SECURITY VIOLATION - scripts are being executed but script_security not enabled`.

Do not publish the VIP through a Service's `.spec.externalIPs` instead: that field is deprecated since 1.36. And if
you later put an ingress controller behind the NodePort, do not pick ingress-nginx: it was retired in March 2026.

## Failover, shown

The last step stops haproxy on the holder. Within about 2 s the track script fails, the holder goes to FAULT and
releases the VIP, the peer takes it and announces it by gratuitous ARP. The old holder then asks the VIP like any
client, and the answer comes through its peer. haproxy starts again and the VIP comes back (preempt).

## Things to try afterwards

- A loop from the jumpbox: `while sleep 0.2; do curl -s -o /dev/null -w '%{http_code}\n' --max-time 1 http://${cluster.ingressLb.vip}:${cluster.ingressLb.port}/; done`,
  then `break ${cluster.elbs[0].name}` in hardway: the loop keeps printing 200 (a power cut takes about 3 s: the
  peer waits for three missed adverts). `check`/`inspect` the VIP, then `heal ${cluster.elbs[0].name}`.
- `systemctl stop kube-proxy` on one worker: its backend goes DOWN in haproxy, the clients notice nothing.
<#else>
Cluster `${cluster.name}` has no ingress load-balancer pair (no nodes with role `elb` and no
`loadbalancers.ingress`), so this lesson is skipped: clients reach the workers' NodePorts directly, as in
lesson 12. The `full` preset adds `elb1`/`elb2` with haproxy and keepalived holding an ingress VIP in front of
every worker; switch to it (`cluster use full`) to build it.
</#if>
