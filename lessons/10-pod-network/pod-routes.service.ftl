# Routes from ${node.name} to the pod network of every other worker (lesson 10-pod-network, cni: bridge).
# A unit rather than netplan/ifupdown: the same on Ubuntu 24.04 and Debian 12, and `systemctl restart` re-applies.
[Unit]
Description=Routes to the other workers' pod CIDRs
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
<#list cluster.workers as w><#if w.name != node.name>
ExecStart=ip route replace ${w.podCidr} via ${w.ip}
ExecStop=-ip route del ${w.podCidr} via ${w.ip}
</#if></#list>
<#if cluster.workers?size == 1 && node.isWorker>
# ${node.name} is the only worker: its pods are on its own bridge, no route is needed.
ExecStart=/bin/true
</#if>

[Install]
WantedBy=multi-user.target
