! FRR on ${node.name} (hardway lesson 16-metallb-bgp): the BGP router MetalLB's speakers peer with.
! AS ${cluster.bgp.routerAsn} (bgp.router_asn) here, AS ${cluster.bgp.clusterAsn} (bgp.cluster_asn) on every speaker: eBGP.
frr version 8.4
frr defaults traditional
hostname ${node.name}
log syslog informational
service integrated-vtysh-config
!
! MetalLB announces each LoadBalancer address of ${cluster.bgp.addressPool} as a /32; the routes below take
! them in. FRR 8+ follows RFC 8212 and neither accepts nor sends eBGP routes without a policy, so each
! neighbor gets the route-map METALLB-IN: it permits the pool's /32s and nothing else (a speaker cannot
! steer the router's other routes), and METALLB-OUT sends the speakers nothing.
ip prefix-list METALLB-POOL seq 10 permit ${cluster.bgp.addressPool} ge 32
!
router bgp ${cluster.bgp.routerAsn}
 bgp router-id ${node.ip}
 no bgp default ipv4-unicast
 bgp log-neighbor-changes
<#list cluster.workers as w>
 neighbor ${w.ip} remote-as ${cluster.bgp.clusterAsn}
 neighbor ${w.ip} description ${w.name} (MetalLB speaker)
</#list>
 !
 address-family ipv4 unicast
  maximum-paths <#if cluster.workers?size gt 1>${cluster.workers?size}<#else>1</#if>
<#list cluster.workers as w>
  neighbor ${w.ip} activate
  neighbor ${w.ip} route-map METALLB-IN in
  neighbor ${w.ip} route-map METALLB-OUT out
</#list>
 exit-address-family
exit
!
route-map METALLB-IN permit 10
 match ip address prefix-list METALLB-POOL
exit
!
route-map METALLB-IN deny 20
exit
!
route-map METALLB-OUT deny 10
exit
!
