# Kubeconfig files

A **kubeconfig** tells a client of the Kubernetes API three things:

1. **cluster**: the API server's URL and the CA certificate that must have signed its certificate;
2. **user**: the client certificate and key to authenticate with;
3. **context**: which user talks to which cluster, and the `current-context` to use.

`kubectl` writes them itself: `kubectl config set-cluster`, `set-credentials`, `set-context` and
`use-context`, each with `--kubeconfig=FILE`. With `--embed-certs=true` the PEM files are copied into the
kubeconfig (base64), so a single file can be handed to a machine without the paths it was made from.

## The kubeconfigs of cluster `${cluster.name}`

| file (in `/root/kubeconfigs/`) | user | server | goes to |
|---|---|---|---|
| `admin.kubeconfig` | admin | ${cluster.api.endpoint} | the jumpbox, as `/root/.kube/config` |
| `kube-controller-manager.kubeconfig` | system:kube-controller-manager | https://127.0.0.1:${cluster.api.apiserverPort} | every master |
| `kube-scheduler.kubeconfig` | system:kube-scheduler | https://127.0.0.1:${cluster.api.apiserverPort} | every master |
| `kube-proxy.kubeconfig` | system:kube-proxy | ${cluster.api.endpoint} | every worker |
<#list cluster.workers as w>
| `${w.name}.kubeconfig` | system:node:${w.name} | ${cluster.api.endpoint} | ${w.name}, as the kubelet's |
</#list>

## Why two different servers

<#if cluster.hasApiLb>
Clients outside the control plane use the VIP `${cluster.api.endpoint}` held by the load-balancer pair: if a
master fails, haproxy sends them to another one and they never notice.
<#else>
This cluster has no API load balancer, so clients outside the control plane use the first master directly,
`${cluster.api.endpoint}`. If that master is down, so is the API for them.
</#if>
The controller manager and the scheduler run on every master, next to a kube-apiserver, so they use
`https://127.0.0.1:${cluster.api.apiserverPort}`: no extra hop, and they keep working while the load balancers
are being set up. That is why `127.0.0.1` is one of the API server certificate's SANs.

The user in each kubeconfig is not a name you type: it is the CN of the embedded certificate. Renaming the
user entry in the file changes nothing; issuing the certificate to another CN does.

Try `kubectl config view --kubeconfig=/root/kubeconfigs/admin.kubeconfig` (certificates are shown as
`DATA+OMITTED`) and `kubectl config get-contexts`. Nothing answers at the server address yet: the kubeconfigs
are made now so the control-plane lesson can start the services with them.
