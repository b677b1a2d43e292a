# Tools

Cluster ${cluster.name} has ${cluster.masters?size} master(s).
