# LoadBalancer Services with MetalLB in BGP mode

<#if cluster.bgp?? && cluster.routers?size gt 0 && cluster.workers?size gt 0 && cluster.downloads.offers.kubernetes>
Without a cloud, a Service of type LoadBalancer stays `<pending>` forever: nobody hands out an address and
nobody tells the network where it lives. MetalLB does both. Its **controller** picks an address from a pool,
and its **speaker** on every worker announces that address over BGP to a router, here
<#list cluster.routers as r>**${r.name}** (${r.ip})<#sep>, </#list>, which then sends traffic for it to the workers.

```
 client ──► <#list cluster.routers as r>${r.name} ${r.ip}</#list>  FRR bgpd, AS ${cluster.bgp.routerAsn}
              │  <LB address>/32 via <#list cluster.workers as w>${w.ip}<#sep>, </#list> (ECMP)
<#list cluster.workers as w>
              ├──► ${w.name} ${w.ip}  MetalLB speaker, AS ${cluster.bgp.clusterAsn} ──► kube-proxy ──► nginx pod
</#list>
 pool ${cluster.bgp.addressPool} (bgp.address_pool)
```

## The router: FRR

Debian's `frr` package starts zebra and staticd only: **`bgpd=yes` in `/etc/frr/daemons`** is what makes
`systemctl restart frr` start bgpd. `/etc/frr/frr.conf` says `router bgp ${cluster.bgp.routerAsn}` (bgp.router_asn) and has one
`neighbor <worker IP> remote-as ${cluster.bgp.clusterAsn}` per worker, because every speaker talks BGP from its node's own address
(the speaker pods use hostNetwork). `maximum-paths` lets the router keep one next hop per worker (ECMP).

**eBGP needs a policy.** Since FRR 8 the default `bgp ebgp-requires-policy` (RFC 8212) makes bgpd accept
the sessions and then discard every route: `show bgp summary` shows `(Policy)` instead of a prefix count and
`show bgp neighbor` says *Inbound updates discarded due to missing policy*. Two ways out:
`no bgp ebgp-requires-policy` (accept anything from anyone), or a route-map per neighbor. The lesson uses the
route-maps: `METALLB-IN` permits only /32s inside ${cluster.bgp.addressPool}, so a wrong announcement from a
speaker cannot take over the router's other routes, and `METALLB-OUT` sends the speakers nothing, which is
all they need. `vtysh -C -f /etc/frr/frr.conf` checks the file before FRR restarts.

## The masters must reach the webhook

MetalLB validates its objects with a webhook behind the ClusterIP of `metallb-webhook-service`. kube-apiserver
dials that ClusterIP (it dials the pod only with `--enable-aggregator-routing=true`), and on a hard-way cluster
the masters run **no kube-proxy** and no kubelet, so nothing there translates a ClusterIP. `kubectl apply` of
the pool then fails with `failed calling webhook "ipaddresspoolvalidationwebhook.metallb.io": ... context deadline
exceeded`. This lesson runs kube-proxy on the masters (it needs no kubelet)<#if cluster.network.cni == "flannel">, and because flannel's VXLAN ends
at the nodes that run its DaemonSet, a `pod-routes` unit routes each worker's pod CIDR via that worker</#if>.

## MetalLB ${cluster.versions.metallb}

The release manifest `metallb-native.yaml` (controller + speaker; `metallb-frr-k8s.yaml`, upstream's default
since 0.16, puts FRR into every speaker instead) brings the CRDs. Three objects in `metallb-system` configure it:

| object | apiVersion | here |
|---|---|---|
| IPAddressPool `bgp-pool` | metallb.io/v1beta1 | `${cluster.bgp.addressPool}`, avoiding .0 and .255 |
| BGPAdvertisement `bgp-pool` | metallb.io/v1beta1 | announce that pool (without one, addresses are handed out and never announced) |
| BGPPeer <#list cluster.routers as r>`${r.name}`</#list> | **metallb.io/v1beta2** (v1beta1 is deprecated) | myASN ${cluster.bgp.clusterAsn}, peerASN ${cluster.bgp.routerAsn}, peerAddress <#list cluster.routers as r>${r.ip}</#list> |

## Known traps

| trap | what you see | fix |
|---|---|---|
| `ebgp-requires-policy` left on, no route-map | sessions Established, PfxRcd `(Policy)`, no route on the router | route-maps in/out per neighbor, or `no bgp ebgp-requires-policy` |
| wrong ASN (myASN ≠ the router's `remote-as`, or peerASN ≠ `router bgp`) | sessions never Established; `Bad Peer AS` in the router's log | bgp.cluster_asn / bgp.router_asn the same on both sides |
| BGPPeer `metallb.io/v1beta1` | a deprecation warning; new fields missing | `apiVersion: metallb.io/v1beta2` |
| masters cannot reach the webhook | `failed calling webhook ... context deadline exceeded` on apply | kube-proxy (and pod routes) on the masters |
| pool without BGPAdvertisement | EXTERNAL-IP assigned, no route on the router | a BGPAdvertisement naming the pool |

Clients outside the cluster must route ${cluster.bgp.addressPool} via the router; the lesson checks from the router itself.
<#else>
Cluster `${cluster.name}` has <#if !cluster.bgp??>no `bgp` block<#elseif cluster.routers?size == 0>no node with role router<#elseif cluster.workers?size == 0>no worker<#else>no source for the Kubernetes server binaries (downloads.offers), so no running cluster</#if>, so this
lesson is skipped: MetalLB in BGP mode needs a router to announce LoadBalancer addresses to, workers to run
its speakers, and a running cluster whose LoadBalancer Services they announce. The `metallb-bgp` preset has a router node and the ASNs and pool (`cluster use metallb-bgp`).
</#if>
