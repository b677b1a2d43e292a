<#import "/07-api-lb/lb.ftl" as lb>
# keepalived on ${node.name}: holds the ingress VIP ${cluster.ingressLb.vip} of cluster ${cluster.name} (lesson 13-ingress-lb).
# Rendered to keepalived.conf.in; the step replaces __IFACE__ with the interface that holds ${node.ip}.
# virtual_router_id 52, not the API pair's 51: both pairs share the node network, and a VRID names one virtual
# router per network segment.
<@lb.keepalived instance="INGRESS_VIP" vrid=52 vip=cluster.ingressLb.vip prefixLength=cluster.ingressLb.prefixLength
    pair=cluster.elbs authPass="hwvrrp52"/>
