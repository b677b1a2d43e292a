# CoreDNS ${cluster.versions.coredns} for cluster ${cluster.name}: the identity its pods run as.
# From kubernetes/kubernetes cluster/addons/dns/coredns/coredns.yaml.base (addon-manager labels left out).
apiVersion: v1
kind: ServiceAccount
metadata:
  name: coredns
  namespace: kube-system
