# The nginx pods of lesson 12 on a fixed NodePort, ${cluster.ingressLb.nodePort}, so haproxy on <#list cluster.elbs as l>${l.name}<#sep> and </#list> can name it
# (loadbalancers.ingress.node_port of cluster ${cluster.name}). externalTrafficPolicy Cluster: every worker answers,
# whether or not it runs an nginx pod (kube-proxy forwards to a pod elsewhere).
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
  labels:
    app: nginx
spec:
  type: NodePort
  externalTrafficPolicy: Cluster
  selector:
    app: nginx
  ports:
    - name: http
      port: 80
      targetPort: 80
      nodePort: ${cluster.ingressLb.nodePort}
      protocol: TCP
