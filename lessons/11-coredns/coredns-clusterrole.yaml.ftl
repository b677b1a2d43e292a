# What CoreDNS's kubernetes plugin reads to answer for ${cluster.domain}. CoreDNS 1.8+ watches EndpointSlices:
# a ClusterRole from an older manifest (endpoints only) leaves the plugin unsynced and the pods never Ready.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:coredns
  labels:
    kubernetes.io/bootstrapping: rbac-defaults
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
