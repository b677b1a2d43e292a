<#import "lb.ftl" as lb>
# haproxy on ${node.name}: the API load balancer of cluster ${cluster.name} (hardway lesson 07-api-lb).
# Plain TCP: TLS goes end to end from the client to a kube-apiserver, haproxy never sees inside it.
<@lb.haproxyGlobal/>

defaults
    mode tcp
    log global
    option tcplog
    option dontlognull
    timeout connect 5s
    # long-lived API watches (kubectl get -w, kubelets, controllers) must not be cut
    timeout client 1h
    timeout server 1h

# Bound to * rather than the VIP: the VIP is on only one of <#list cluster.lbs as l>${l.name}<#sep>/</#list> at a time, and binding to *
# lets haproxy start (and take over instantly) on the standby without net.ipv4.ip_nonlocal_bind.
frontend kube-apiserver
    bind *:${cluster.apiLb.port}
    default_backend apiservers

backend apiservers
    balance roundrobin
<#list cluster.masters as m>
    server ${m.name} ${m.ip}:${cluster.api.apiserverPort} check inter 1s fall 2 rise 2
</#list>
