# A Secret to look for in etcd. stringData is the readable form; the API stores it as data (base64), and with
# the encryption config of lesson 04 kube-apiserver encrypts it before it writes it to etcd.
apiVersion: v1
kind: Secret
metadata:
  name: kubernetes-the-hard-way
  namespace: default
type: Opaque
stringData:
  mykey: mydata
