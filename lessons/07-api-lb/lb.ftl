<#--
  What an active-standby LB pair's configs share, for 07-api-lb (the API VIP on the lbs) and 13-ingress-lb (the
  ingress VIP on the elbs). Import it (<#import "/07-api-lb/lb.ftl" as lb>); `node` is the node a file is rendered for.
  - <@lb.haproxyGlobal/>: haproxy's global section (stats socket /run/haproxy/admin.sock, which the probes read).
  - <@lb.keepalived .../>: keepalived.conf: one VRRP instance over unicast, tied to haproxy by a track script.
    __IFACE__ is replaced by the step with the interface that holds node.ip.
-->
<#macro haproxyGlobal>
global
    log stdout format raw local0 info
    stats socket /run/haproxy/admin.sock mode 660 level admin
    stats timeout 30s
    user haproxy
    group haproxy
</#macro>
<#macro keepalived instance vrid vip prefixLength pair authPass>
global_defs {
    router_id ${node.name}
    enable_script_security
    script_user root
}

# Healthy means: haproxy runs on this machine. Two failed checks (2 s) and this node gives up the VIP.
# (Not `pidof haproxy`: on Debian, pidof is a symlink to killall5, which keepalived runs by its real name, and
# killall5 then refuses the argument.)
vrrp_script chk_haproxy {
    script "/usr/bin/systemctl is-active --quiet haproxy"
    interval 1
    fall 2
    rise 2
}

vrrp_instance ${instance} {
    state ${(node.lbIndex == 0)?then("MASTER", "BACKUP")}
    interface __IFACE__
    virtual_router_id ${vrid}
    priority ${node.vrrpPriority}
    advert_int 1
    # unicast VRRP: adverts go straight to the peer, no multicast needed on the network
    unicast_src_ip ${node.ip}
    unicast_peer {
<#list pair as l><#if l.name != node.name>
        ${l.ip}
</#if></#list>
    }
    authentication {
        auth_type PASS
        auth_pass ${authPass}
    }
    virtual_ipaddress {
        ${vip}/${prefixLength} dev __IFACE__
    }
    track_script {
        chk_haproxy
    }
}
</#macro>
