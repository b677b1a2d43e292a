#!/usr/bin/env bash
# Routes from ${node.name} to every worker's pod CIDR (hardway lesson 16-metallb-bgp). flannel (lesson 10) builds
# its VXLAN only on nodes that run its DaemonSet, and the masters run no kubelet, so kube-apiserver here has no
# way to a webhook pod. The controller-manager hands out the pod CIDRs (spec.podCIDR), so they are read from
# the API at every start: each worker forwards its own pod CIDR to its cni0 bridge.
set -euo pipefail
k=(/usr/local/bin/kubectl --kubeconfig /var/lib/kubernetes/admin.kubeconfig --server https://127.0.0.1:${cluster.api.apiserverPort})
for _ in $(seq 1 60); do
  if nodes=$("${r"${k[@]}"}" get nodes -o jsonpath='{range .items[*]}{.spec.podCIDR} {.status.addresses[?(@.type=="InternalIP")].address}{"\n"}{end}' 2>/dev/null); then
    break
  fi
  sleep 2
done
if [ -z "${r"${nodes:-}"}" ]; then
  echo "no node with a pod CIDR yet (is kube-apiserver up, are the workers registered?)" >&2
  exit 1
fi
while read -r cidr ip; do
  if [ -z "$cidr" ] || [ -z "$ip" ]; then continue; fi
  ip route replace "$cidr" via "$ip"
  echo "route $cidr via $ip"
done <<<"$nodes"
