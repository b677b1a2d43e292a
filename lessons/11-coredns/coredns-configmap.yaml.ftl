# The Corefile. Names in ${cluster.domain} (and reverse lookups) come from the API; everything else goes to the
# upstream in the pod's /etc/resolv.conf. The pods run with dnsPolicy: Default, so that file is the one the
# kubelet hands them (resolvConf in kubelet-config.yaml, lesson 09): /run/systemd/resolve/resolv.conf on
# systemd-resolved hosts, the node's real upstream, never the stub 127.0.0.53. `loop` stops CoreDNS with a
# FATAL line instead of answering in circles if that is ever wrong.
apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
    .:53 {
        errors
        health {
            lameduck 5s
        }
        ready
        kubernetes ${cluster.domain} in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
            ttl 30
        }
        prometheus :9153
        forward . /etc/resolv.conf {
            max_concurrent 1000
        }
        cache 30
        loop
        reload
        loadbalance
    }
