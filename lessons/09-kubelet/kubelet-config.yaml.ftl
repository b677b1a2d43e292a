# KubeletConfiguration of ${node.name} (hardway lesson 09-kubelet), kubelet ${cluster.versions.kubernetes}.
# Uploaded as kubelet-config.yaml.in; the step's run replaces the resolvConf placeholder with the resolv.conf this node
# really has (systemd-resolved or not) and writes /var/lib/kubelet/kubelet-config.yaml.
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false                 # nobody talks to port 10250 without a certificate or a token
  webhook:
    enabled: true                  # bearer tokens are checked with the API server (TokenReview)
  x509:
    clientCAFile: /var/lib/kubelet/ca.pem   # the API server's kubelet-client certificate is signed by this CA
authorization:
  mode: Webhook                    # the API server decides (SubjectAccessReview): nodes/proxy, nodes/log ...
containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
# Informational since 1.34: the kubelet takes the driver from containerd (SystemdCgroup = true, lesson 08).
cgroupDriver: systemd
clusterDomain: ${cluster.domain}
clusterDNS:
  - ${cluster.network.clusterDns}
resolvConf: "@RESOLV_CONF@"             # YAML: a plain value cannot start with @
tlsCertFile: /var/lib/kubelet/kubelet.pem
tlsPrivateKeyFile: /var/lib/kubelet/kubelet-key.pem
registerNode: true
failSwapOn: true                   # the step turns swap off
# failCgroupV1 is left at its default (true): the kubelet refuses cgroup v1 hosts.
