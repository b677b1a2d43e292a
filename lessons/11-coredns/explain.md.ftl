# CoreDNS: names for Services and pods

Pods find each other by name: `nginx.default.svc.${cluster.domain}` instead of an address that changes with every
new pod. Kubernetes itself ships no DNS server; the cluster add-on that answers is **CoreDNS**
(${cluster.versions.coredns} here), running as ordinary pods in `kube-system` behind the Service `kube-dns`.

## How a lookup travels

1. Every kubelet writes `nameserver ${cluster.network.clusterDns}` and
   `search <namespace>.svc.${cluster.domain} svc.${cluster.domain} ${cluster.domain}` into its pods'
   `/etc/resolv.conf` (`clusterDNS` and `clusterDomain` in `kubelet-config.yaml`, lesson 09).
2. `${cluster.network.clusterDns}` is a ClusterIP: nothing owns it, kube-proxy on each worker rewrites packets to it
   towards one of the CoreDNS pods (their addresses come from the pod CIDRs of lesson 10).
3. CoreDNS's `kubernetes` plugin answers names in `${cluster.domain}` from the Services and EndpointSlices it
   watches through the API; `kubernetes.default.svc.${cluster.domain}` is `${cluster.network.firstServiceIp}`,
   the first address of `${cluster.network.serviceCidr}`.
4. Anything else goes to `forward . /etc/resolv.conf`: the upstream resolver of the node CoreDNS runs on.

## Three things that must agree

| what | where | value |
|---|---|---|
| the Service's `clusterIP` | `coredns-service.yaml` | ${cluster.network.clusterDns} |
| every kubelet's `clusterDNS` | `/var/lib/kubelet/kubelet-config.yaml` | ${cluster.network.clusterDns} |
| the service range | kube-apiserver `--service-cluster-ip-range` | ${cluster.network.serviceCidr} |

A Service IP outside the range is refused (`provided IP is not in the valid range`); one that differs from the
kubelets' `clusterDNS` is accepted, and then no pod resolves anything. A ClusterIP cannot change once set:
delete the Service and apply it again.

## The loop trap

The CoreDNS pods run with `dnsPolicy: Default`, so their `/etc/resolv.conf` is the file the kubelet's
`resolvConf` names. On Ubuntu the node's own `/etc/resolv.conf` points at systemd-resolved's stub
`127.0.0.53`, which inside a pod is the pod itself: CoreDNS would forward to itself. Its `loop` plugin notices
and stops with `[FATAL] plugin/loop: Loop (127.0.0.1:N -> :53) detected for zone "."`, and the pods go into
CrashLoopBackOff. Lesson 09 sets `resolvConf: /run/systemd/resolve/resolv.conf`, the real upstream servers, so
the upstream Corefile works unchanged; the checks of this lesson look for the loop line and that setting.

## RBAC

Since CoreDNS 1.8 the `kubernetes` plugin watches **EndpointSlices** (`discovery.k8s.io`), not the deprecated
Endpoints. Manifests copied from old tutorials grant only `endpoints`; CoreDNS then logs
`endpointslices.discovery.k8s.io is forbidden` and its `ready` plugin never reports ready. Check it with
`kubectl auth can-i list endpointslices.discovery.k8s.io --as=system:serviceaccount:kube-system:coredns`.

## What you will see

```
$ kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide
$ kubectl -n kube-system get service kube-dns -o jsonpath='{.spec.clusterIP}'    # ${cluster.network.clusterDns}
$ dig +short @${cluster.network.clusterDns} kubernetes.default.svc.${cluster.domain}    # on a worker: ${cluster.network.firstServiceIp}
```

The manifests follow `cluster/addons/dns/coredns/coredns.yaml.base` of Kubernetes, with this cluster's values
filled in and the image pinned to `registry.k8s.io/coredns/coredns:v${cluster.versions.coredns}` (note the `v`).
