# nginx on a NodePort: kube-proxy on every worker of ${cluster.name} forwards <worker IP>:<nodePort> to the pod,
# wherever it runs. The apiserver picks the port from 30000-32767.
apiVersion: v1
kind: Service
metadata:
  name: nginx
  namespace: default
  labels:
    app: nginx
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
    - name: http
      port: 80
      targetPort: 80
      protocol: TCP
