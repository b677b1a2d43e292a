# The cluster DNS address. Every kubelet writes nameserver ${cluster.network.clusterDns} (clusterDNS, lesson 09)
# into its pods' /etc/resolv.conf, so the Service must have exactly that ClusterIP; it is inside service_cidr
# ${cluster.network.serviceCidr}, and a ClusterIP cannot change once the Service exists.
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  annotations:
    prometheus.io/port: "9153"
    prometheus.io/scrape: "true"
  labels:
    k8s-app: kube-dns
    kubernetes.io/name: CoreDNS
spec:
  selector:
    k8s-app: kube-dns
  clusterIP: ${cluster.network.clusterDns}
  ports:
    - name: dns
      port: 53
      protocol: UDP
    - name: dns-tcp
      port: 53
      protocol: TCP
    - name: metrics
      port: 9153
      protocol: TCP
