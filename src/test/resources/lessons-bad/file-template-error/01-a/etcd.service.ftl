[Unit]
Description=etcd
[Service]
ExecStart=/usr/local/bin/etcd --name ${node.hostname}
