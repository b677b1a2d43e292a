# Smoke test: does the cluster do what a cluster does?

Every earlier lesson checked its own part. This one uses the cluster as its users will, from the jumpbox with
the admin kubeconfig, and each step proves several lessons at once.

## 1. Secrets are encrypted at rest

`kubectl apply` creates the Secret `kubernetes-the-hard-way` (`mykey=mydata`). Read it back through the API and
you get `mydata`; read the raw bytes in etcd on a master and you must not:

```
etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/etcd/ca.pem \
  --cert=/etc/etcd/server.pem --key=/etc/etcd/server-key.pem \
  get /registry/secrets/default/kubernetes-the-hard-way --print-value-only | hexdump -C
```

The value starts with `k8s:enc:secretbox:v1:key1`: provider `secretbox`, key `key1`, exactly as
`/var/lib/kubernetes/encryption-config.yaml` of lesson 04 names them. If you see `k8s` followed by readable
`mydata`, kube-apiserver was started without that file (or without `--encryption-provider-config`), and
Secrets written before encryption was switched on stay plaintext until they are written again
(`kubectl get secret NAME -o json | kubectl replace -f -`). etcdctl needs the TLS flags: without them it
reports `context deadline exceeded`, not a certificate error.

## 2. A Deployment, and what the API does for you

`nginx` runs from a pinned tag (`:latest` changes under you and counts against Docker Hub's pull limit). Three
commands that look like local ones are really the API server talking to the kubelet on port 10250:

| command | proves |
|---|---|
| `kubectl port-forward deployment/nginx 8080:80` | apiserver → kubelet → containerd's own port forwarder (no socat in containerd 2.x) |
| `kubectl logs deployment/nginx` | the kubelet serves container logs; `Forbidden` means the apiserver→kubelet RBAC of lesson 06 is missing |
| `kubectl exec deployment/nginx -- nginx -v` | exec streams; `x509 ... not <ip>` or `error dialing backend` point at node IPs and kubelet certificates |

## 3. A NodePort on every worker

`type: NodePort` makes kube-proxy on every worker forward one port from 30000-32767 to the pod, on whichever
node it runs:

| worker | URL |
|---|---|
<#list cluster.workers as w>
| ${w.name} | http://${w.ip}:<nodePort>/ |
</#list>

Always ask at the worker's IP. In nftables mode kube-proxy never serves NodePorts on 127.0.0.1, so
`curl 127.0.0.1:<nodePort>` on a worker is refused while the node IP answers
(`curl 127.0.0.1:10249/proxyMode` tells you the mode).

## 4. DNS from a pod

Inside the nginx pod, `/etc/resolv.conf` names `${cluster.network.clusterDns}` (the kubelet's `clusterDNS`), and
`getent hosts nginx.default.svc.${cluster.domain}` returns the Service's ClusterIP from CoreDNS (lesson 11).
`kubernetes.default.svc.${cluster.domain}` is `${cluster.network.firstServiceIp}`.

When all of this passes, the cluster schedules, runs, networks, serves and names workloads: it works.
