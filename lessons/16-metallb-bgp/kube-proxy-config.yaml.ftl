# KubeProxyConfiguration of ${node.name} (hardway lesson 16-metallb-bgp: the same as the workers' of 09), kube-proxy ${cluster.versions.kubernetes}.
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig   # server: ${cluster.api.endpoint}
mode: ${cluster.network.proxyMode}<#if cluster.network.proxyMode == "nftables">             # kernel >= 5.13; NodePorts are not served on 127.0.0.1<#else>             # the Linux default</#if>
clusterCIDR: ${cluster.network.podCidr}       # traffic to a Service from outside the pods is masqueraded
