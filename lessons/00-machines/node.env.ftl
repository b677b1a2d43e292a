# Written by hardway lesson 00-machines: what this machine is in cluster ${cluster.name}.
NODE_NAME=${node.name}
NODE_IP=${node.ip}
NODE_ROLES="${node.roles?join(" ")}"
CLUSTER_NAME=${cluster.name}
