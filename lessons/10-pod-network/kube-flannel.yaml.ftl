<#-- flannel vxlan for cluster ${cluster.name}, after upstream's Documentation/kube-flannel.yml (v0.28). The image
     tags are flannel's own release (the cluster config pins no flannel version). -->
# flannel (vxlan) for cluster ${cluster.name}: Network ${cluster.network.podCidr}, --iface = the node's own IP.
apiVersion: v1
kind: Namespace
metadata:
  name: kube-flannel
  labels:
    k8s-app: flannel
    pod-security.kubernetes.io/enforce: privileged
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: flannel
  namespace: kube-flannel
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: flannel
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get]
  - apiGroups: [""]
    resources: [nodes]
    verbs: [get, list, watch]
  - apiGroups: [""]
    resources: [nodes/status]
    verbs: [patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: flannel
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: flannel
subjects:
  - kind: ServiceAccount
    name: flannel
    namespace: kube-flannel
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
  labels:
    app: flannel
data:
  cni-conf.json: |
    {
      "name": "cbr0",
      "cniVersion": "1.0.0",
      "plugins": [
        {"type": "flannel", "delegate": {"hairpinMode": true, "isDefaultGateway": true}},
        {"type": "portmap", "capabilities": {"portMappings": true}}
      ]
    }
  net-conf.json: |
    {
      "Network": "${cluster.network.podCidr}",
      "EnableNFTables": false,
      "Backend": {"Type": "vxlan"}
    }
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-flannel-ds
  namespace: kube-flannel
  labels:
    app: flannel
spec:
  selector:
    matchLabels:
      app: flannel
  template:
    metadata:
      labels:
        app: flannel
    spec:
      hostNetwork: true
      priorityClassName: system-node-critical
      serviceAccountName: flannel
      tolerations:
        - operator: Exists
          effect: NoSchedule
      initContainers:
        - name: install-cni-plugin
          image: ghcr.io/flannel-io/flannel-cni-plugin:v${cluster.versions.flannelCniPlugin}
          command: [cp]
          args: [-f, /flannel, /opt/cni/bin/flannel]
          volumeMounts:
            - {name: cni-plugin, mountPath: /opt/cni/bin}
        - name: install-cni
          image: ghcr.io/flannel-io/flannel:v${cluster.versions.flannel}
          command: [cp]
          args: [-f, /etc/kube-flannel/cni-conf.json, /etc/cni/net.d/10-flannel.conflist]
          volumeMounts:
            - {name: cni, mountPath: /etc/cni/net.d}
            - {name: flannel-cfg, mountPath: /etc/kube-flannel/}
      containers:
        - name: kube-flannel
          image: ghcr.io/flannel-io/flannel:v${cluster.versions.flannel}
          command: [/opt/bin/flanneld]
          # $(POD_IP) of a hostNetwork pod is the node's InternalIP (the kubelet's --node-ip): the private NIC,
          # never Vagrant's NAT address
          args: [--ip-masq, --kube-subnet-mgr, "--iface=$(POD_IP)"]
          resources:
            requests: {cpu: 100m, memory: 50Mi}
          securityContext:
            privileged: false
            capabilities:
              add: [NET_ADMIN, NET_RAW]
          env:
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - name: POD_NAMESPACE
              valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
            - name: POD_IP
              valueFrom: {fieldRef: {fieldPath: status.podIP}}
            - name: EVENT_QUEUE_DEPTH
              value: "5000"
          volumeMounts:
            - {name: run, mountPath: /run/flannel}
            - {name: flannel-cfg, mountPath: /etc/kube-flannel/}
            - {name: xtables-lock, mountPath: /run/xtables.lock}
      volumes:
        - name: run
          hostPath: {path: /run/flannel}
        - name: cni-plugin
          hostPath: {path: /opt/cni/bin}
        - name: cni
          hostPath: {path: /etc/cni/net.d}
        - name: flannel-cfg
          configMap: {name: kube-flannel-cfg}
        - name: xtables-lock
          hostPath: {path: /run/xtables.lock, type: FileOrCreate}
