# A LoadBalancer Service for the smoke test's nginx (hardway lesson 16-metallb-bgp): MetalLB gives it an address
# of ${cluster.bgp.addressPool} and the speakers announce it to <#list cluster.routers as r>${r.name}<#sep>, </#list>.
apiVersion: v1
kind: Service
metadata:
  name: nginx-lb
  namespace: default
spec:
  type: LoadBalancer
  selector:
    app: nginx
  ports:
    - name: http
      port: 80
      targetPort: 80
