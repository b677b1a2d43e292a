<#assign n = cluster.masters?size>
# The control plane

Three programs on each master make etcd into Kubernetes:

- **kube-apiserver** is the front door. Every client (kubectl, the kubelets, the controllers, pods) talks to it
  over HTTPS, it checks who they are (client certificates, service-account tokens) and what they may do
  (`Node,RBAC`), and it is the only component that reads and writes etcd.
- **kube-controller-manager** runs the control loops that make the cluster converge: namespaces, service
  accounts and their tokens, node IPAM (a pod CIDR per node), garbage collection.
- **kube-scheduler** gives every new pod a node.

Cluster `${cluster.name}` runs all three on each of its ${n} master<#if n != 1>s</#if>. Every kube-apiserver
serves on its own address, port ${cluster.api.apiserverPort}<#if cluster.hasApiLb>, and clients reach them through
the VIP ${cluster.apiLb.vip} that lesson 07 sets up</#if>. The controller-manager and the scheduler talk to the
API server on their own master (`https://127.0.0.1:${cluster.api.apiserverPort}`); only one of each is active at a
time: the one holding the **Lease** `kube-system/kube-controller-manager` (or `kube-scheduler`), renewed every
2 seconds and taken over by another master within about 15 seconds when the holder stops.

## The flags that matter

| flag | value here | why |
|---|---|---|
| `--advertise-address` | each master's own IP (<#list cluster.masters as m>${m.ip}<#sep>, </#list>) | otherwise it announces its default-route address (on Vagrant the NAT address 10.0.2.15) in the `kubernetes` EndpointSlice |
| `--service-cluster-ip-range` | `${cluster.network.serviceCidr}` on every apiserver and the controller-manager | without it the range falls back to 10.0.0.0/24 and the `kubernetes` Service becomes 10.0.0.1, which the certificate does not name; since 1.33 the first apiserver stores it in the `ServiceCIDR` object `kubernetes` |
| `--etcd-servers` + `--etcd-cafile/certfile/keyfile` | `${cluster.etcd.clientEndpoints}` | every member over TLS, with the etcd client certificate from lesson 02 |
| `--encryption-provider-config` | `/var/lib/kubernetes/encryption-config.yaml` | Secrets encrypted at rest with the key from lesson 04 |
| `--service-account-issuer`, `-key-file`, `-signing-key-file` | `${cluster.api.endpoint}`, `service-account.pem`, `service-account-key.pem` | required since 1.20; the controller-manager signs with the private half |
| `--enable-admission-plugins` | includes `NodeRestriction` | it is not on by default; it limits each kubelet to its own node |
| `--kubelet-client-certificate` | `kube-apiserver.pem` (CN `kubernetes`) | the user RBAC must allow on `nodes/proxy` (the last step) |
| `--allocate-node-cidrs=true` + `--cluster-cidr` | `${cluster.network.podCidr}`, a /24 per node | `--cluster-cidr` alone allocates nothing |

The controller-manager has no `--cluster-signing-*` files: the CA key stays on the jumpbox (lesson 02), so
certificates are issued there and not through CertificateSigningRequests.

## What success looks like

```
curl -sk https://127.0.0.1:${cluster.api.apiserverPort}/readyz?verbose     # [+]etcd ok ... readyz check passed
curl -sk https://127.0.0.1:${cluster.api.apiserverPort}/version            # "gitVersion": "v${cluster.versions.kubernetes}"
kubectl --kubeconfig /var/lib/kubernetes/admin.kubeconfig --server https://127.0.0.1:${cluster.api.apiserverPort} \
  -n kube-system get lease kube-controller-manager kube-scheduler   # HOLDER: <master>_<uuid>
kubectl ... get svc kubernetes                                     # CLUSTER-IP ${cluster.network.firstServiceIp}
kubectl ... auth can-i create nodes --subresource=proxy --as=kubernetes   # yes
```

`inspect apiserver` shows every master's `/readyz`, the version, the lease holders and any known mistake it
recognises (a missing flag, the NAT address, a missing file); `break ${cluster.masters[0].name}` and look again:
<#if n gt 1>the leases move to another master, and the API keeps answering.<#else>with one master, the API and
both leases are gone until you `heal` it.</#if> Without etcd quorum every kube-apiserver stays up but is not
ready (`[-]etcd failed`).
