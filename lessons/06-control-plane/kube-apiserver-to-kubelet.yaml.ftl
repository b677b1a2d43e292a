<#-- The CN of kube-apiserver's --kubelet-client-certificate (/var/lib/kubernetes/kube-apiserver.pem, issued in
     lesson 02-pki with /CN=kubernetes): RBAC sees the apiserver as this user when it calls a kubelet. -->
<#assign kubeletClient = "kubernetes">
# kube-apiserver -> kubelet access for cluster ${cluster.name} (hardway lesson 06-control-plane).
# When you run kubectl logs/exec/port-forward, the API server connects to the kubelet on port 10250 with its
# client certificate (CN=${kubeletClient}); the kubelet asks the API whether that user may use nodes/proxy, log,
# stats, metrics, pods ... The built-in ClusterRole system:kubelet-api-admin grants exactly that (kubeadm binds it
# the same way), including the fine-grained kubelet permissions that are GA since 1.36.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kube-apiserver-kubelet-client
  labels:
    app.kubernetes.io/managed-by: hardway
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:kubelet-api-admin
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: ${kubeletClient}
