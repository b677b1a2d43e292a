<#import "lb.ftl" as lb>
# keepalived on ${node.name}: holds the API VIP ${cluster.apiLb.vip} of cluster ${cluster.name} (lesson 07-api-lb).
# Rendered to keepalived.conf.in; the step replaces __IFACE__ with the interface that holds ${node.ip}.
<@lb.keepalived instance="API_VIP" vrid=51 vip=cluster.apiLb.vip prefixLength=cluster.apiLb.prefixLength
    pair=cluster.lbs authPass="hwvrrp51"/>
