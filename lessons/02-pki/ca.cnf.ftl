# The certificate authority of cluster ${cluster.name} (lesson 02-pki).
[ req ]
distinguished_name = dn
prompt             = no
x509_extensions    = ca_ext

[ dn ]
CN = ${cluster.name} Kubernetes CA
O  = hardway

[ ca_ext ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier   = hash
