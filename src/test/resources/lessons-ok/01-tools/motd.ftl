Welcome to ${node.name} of ${cluster.name}.
