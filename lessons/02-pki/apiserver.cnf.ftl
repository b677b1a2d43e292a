# Extensions of the kube-apiserver certificate of cluster ${cluster.name} (lesson 02-pki). Every name and address
# a client may use to reach the API must be in subjectAltName, or TLS verification fails.
[ apiserver ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
# serverAuth for clients of the API; clientAuth because kube-apiserver also uses it towards kubelets and etcd
extendedKeyUsage       = serverAuth, clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = <#list cluster.apiserverSanIps as ip>IP:${ip}, </#list><#list cluster.apiserverSanDns as d>DNS:${d}<#sep>, </#sep></#list>
