apiVersion: v1
kind: ServiceAccount
metadata: {name: a, namespace: kube-system}
---
apiVersion: apps/v1beta1
kind: Deployment
metadata: {name: x}
