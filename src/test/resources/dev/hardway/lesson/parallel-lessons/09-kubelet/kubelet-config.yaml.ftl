apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
clusterDomain: ${cluster.domain}
clusterDNS:
  - ${cluster.network.clusterDns}
resolvConf: /run/systemd/resolve/resolv.conf
