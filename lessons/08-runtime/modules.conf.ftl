# Loaded at every boot by systemd-modules-load (lesson 08-runtime on ${node.name}):
# overlay for containerd's overlayfs snapshotter, br_netfilter so bridged pod traffic passes iptables.
overlay
br_netfilter
