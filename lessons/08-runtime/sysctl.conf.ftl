# Applied at every boot by systemd-sysctl (lesson 08-runtime on ${node.name}).
# Pod traffic leaves cni0 for the other nodes: the node must forward.
net.ipv4.ip_forward = 1
# Bridged pod traffic must pass iptables (kube-proxy's Service rules); needs br_netfilter.
net.bridge.bridge-nf-call-iptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
