# Extensions of the etcd certificates of cluster ${cluster.name} (lesson 02-pki). Each member uses one
# certificate as server (clients, peers) and as client (towards its peers): so both serverAuth and clientAuth.
# Go's TLS ignores the CN: every address and name used to reach a member must be a SAN.
<#list cluster.masters as m>
[ etcd_${m.name?replace("-", "_")} ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth, clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = IP:${m.ip}, IP:127.0.0.1<#if cluster.hasApiLb>, IP:${cluster.apiLb.vip}</#if>, DNS:${m.name}, DNS:${m.fqdn}, DNS:localhost

</#list>
# The client certificate kube-apiserver (and you, with etcdctl on the jumpbox) use towards etcd.
[ etcd_client ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
