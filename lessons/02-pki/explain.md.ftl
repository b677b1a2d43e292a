# A certificate authority for cluster `${cluster.name}`

Every connection inside a Kubernetes cluster is TLS, and almost every one is authenticated **both ways**: the
client checks the server's certificate, and the server checks the client's. One certificate authority (CA)
signs them all, so "signed by our CA" is what makes a component trusted.

## The files, made in `/root/pki/` on the jumpbox

| file | subject (CN / O) | used by | EKU |
|---|---|---|---|
| `ca.pem`, `ca-key.pem` | ${cluster.name} Kubernetes CA | everyone trusts `ca.pem`; the key stays on the jumpbox | CA |
| `admin.pem` | admin / system:masters | you, with kubectl | client |
| `kube-controller-manager.pem` | system:kube-controller-manager | the controller manager | client |
| `kube-scheduler.pem` | system:kube-scheduler | the scheduler | client |
| `kube-proxy.pem` | system:kube-proxy / system:node-proxier | kube-proxy on every worker | client |
<#list cluster.workers as w>
| `${w.name}.pem` | system:node:${w.name} / system:nodes | the kubelet of ${w.name} (SANs ${w.ip}, ${w.name}) | client + server |
</#list>
| `kube-apiserver.pem` | kubernetes | kube-apiserver on <#list cluster.masters as m>${m.name}<#sep>, </#list> | server + client |
| `service-account-key.pem` / `service-account.pem` | (a key pair, no certificate) | signs and verifies pod tokens | — |
<#list cluster.masters as m>
| `etcd-${m.name}.pem` | ${m.name} | etcd member on ${m.name} (SANs ${m.ip}, 127.0.0.1<#if cluster.hasApiLb>, ${cluster.apiLb.vip}</#if>) | server + client |
</#list>
| `etcd-client.pem` | kube-apiserver-etcd-client | kube-apiserver and etcdctl towards etcd | client |

**Names come from the certificate.** Kubernetes has no user database: the API server takes a client
certificate's CN as the user name and each O as a group. `O=system:masters` is the built-in superuser group, so
`admin.pem` is as powerful as the CA key that signed it. The kubelets' `system:node:NAME` names are what the
Node authorizer uses to let a kubelet touch only its own node's pods and secrets.

**Subject alternative names are what TLS checks.** A client connecting to `${cluster.api.endpoint}` accepts the
API server's certificate only if `${cluster.api.host}` is one of its SANs. kube-apiserver is reached under many
names, so its certificate lists all of them:

<#list cluster.apiserverSans as s>
- `${s}`
</#list>

`${cluster.network.firstServiceIp}` is the first address of the service range `${cluster.network.serviceCidr}`:
the ClusterIP of the `kubernetes` service that pods use. Go programs (etcd, every Kubernetes component) ignore
the CN entirely when checking a server, which is why a certificate with only a CN fails with
`x509: certificate relies on legacy Common Name field`.

**Extended key usage.** An etcd member is a server to its clients and peers and a client of its peers, so its
certificate must allow both `serverAuth` and `clientAuth`; with only `serverAuth`, peers reject it with
`bad certificate` as soon as the second member starts.

## Keeping the CA key safe

`ca-key.pem` never leaves the jumpbox. With it, anyone can mint an `O=system:masters` certificate, so it is the
one file to protect above all. The lesson's distribution steps copy `ca.pem` (public) and each machine's own
certificate and key, nothing more: ${cluster.masters[0].name} gets only `etcd-${cluster.masters[0].name}.pem`, never another member's.

Re-running a step keeps existing keys and certificates while they still match the CA and the requested
subject and SANs; change a SAN (say, a new master) and only the affected certificate is re-issued.
Inspect any of them with `openssl x509 -in FILE -noout -text`.
