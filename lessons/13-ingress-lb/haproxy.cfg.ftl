<#import "/07-api-lb/lb.ftl" as lb>
# haproxy on ${node.name}: the ingress load balancer of cluster ${cluster.name} (hardway lesson 13-ingress-lb).
# HTTP mode: clients ask http://${cluster.ingressLb.vip}:${cluster.ingressLb.port}/; each request goes to the NodePort ${cluster.ingressLb.nodePort} of a worker, where kube-proxy
# hands it to a pod of the Service. The global section is lesson 07's (same stats socket, which hardway reads).
<@lb.haproxyGlobal/>

defaults
    mode http
    log global
    option httplog
    option dontlognull
    # the pods see the client's address in X-Forwarded-For (the TCP source is this LB)
    option forwardfor
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s

# Bound to * rather than the VIP, as in lesson 07: the VIP is on only one of <#list cluster.elbs as l>${l.name}<#sep>/</#list> at a time, and a bind to
# the VIP makes haproxy fail to start on the standby unless net.ipv4.ip_nonlocal_bind=1.
frontend ingress
    bind *:${cluster.ingressLb.port}
    default_backend nodeports

backend nodeports
    balance roundrobin
    # Health check at layer 7: an HTTP GET of / on each worker's NodePort must answer 2xx or 3xx. A worker whose
    # kube-proxy is down (connection refused) or that has no endpoint to send to is taken out after 2 failures.
    option httpchk
    http-check send meth GET uri / ver HTTP/1.1 hdr Host ${cluster.ingressLb.vip}
    http-check expect status 200-399
    # a request that hit a dead worker before its check noticed is sent once more, to another worker
    retries 2
    option redispatch
<#list cluster.workers as w>
    server ${w.name} ${w.ip}:${cluster.ingressLb.nodePort} check inter 2s fall 2 rise 2
</#list>
