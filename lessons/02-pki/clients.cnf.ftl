# Extensions of the client certificates of cluster ${cluster.name} (lesson 02-pki). The subjects (CN = user,
# O = group) are given on the openssl command line; Kubernetes' RBAC reads them.
[ client ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

<#list cluster.workers as w>
# kubelet of ${w.name}: client (to the API) and server (the API calls the kubelet on :10250)
[ node_${w.name?replace("-", "_")} ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth, clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = IP:${w.ip}, DNS:${w.name}, DNS:${w.fqdn}

</#list>
