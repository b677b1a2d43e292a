{"cniVersion": "1.0.0", "name": "bridge", "plugins": [{"type": "bridge", "ipam": {"type": "host-local", "ranges": [[{"subnet": "${node.podCidr}"}]]}}]}
