# MetalLB ${cluster.versions.metallb} in BGP mode (hardway lesson 16-metallb-bgp): where LoadBalancer addresses come
# from, that they are announced over BGP, and whom to announce them to.
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: bgp-pool
  namespace: metallb-system
spec:
  addresses:
    - ${cluster.bgp.addressPool}
  avoidBuggyIPs: true          # skip .0 and .255: some clients drop them
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata:
  name: bgp-pool
  namespace: metallb-system
spec:
  ipAddressPools:
    - bgp-pool                 # without a BGPAdvertisement naming it, a pool hands out addresses nobody announces
<#list cluster.routers as r>
---
apiVersion: metallb.io/v1beta2   # v1beta1 BGPPeer is deprecated since 0.15
kind: BGPPeer
metadata:
  name: ${r.name}
  namespace: metallb-system
spec:
  myASN: ${cluster.bgp.clusterAsn?c}
  peerASN: ${cluster.bgp.routerAsn?c}
  peerAddress: ${r.ip}
</#list>
