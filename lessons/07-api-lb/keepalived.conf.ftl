# keepalived on ${node.name}: holds the API VIP ${cluster.apiLb.vip} of cluster ${cluster.name} (lesson 07-api-lb).
# Rendered to keepalived.conf.in; the step replaces __IFACE__ with the interface that holds ${node.ip}.
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

vrrp_instance API_VIP {
    state ${(node.lbIndex == 0)?then("MASTER", "BACKUP")}
    interface __IFACE__
    virtual_router_id 51
    priority ${node.vrrpPriority}
    advert_int 1
    # unicast VRRP: adverts go straight to the peer, no multicast needed on the network
    unicast_src_ip ${node.ip}
    unicast_peer {
<#list cluster.lbs as l><#if l.name != node.name>
        ${l.ip}
</#if></#list>
    }
    authentication {
        auth_type PASS
        auth_pass hwvrrp51
    }
    virtual_ipaddress {
        ${cluster.apiLb.vip}/${cluster.apiLb.prefixLength} dev __IFACE__
    }
    track_script {
        chk_haproxy
    }
}
