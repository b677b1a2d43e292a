<#assign n = cluster.masters?size>
<#assign quorum = (n / 2)?floor + 1>
<#assign tolerates = ((n - 1) / 2)?floor>
# etcd: the cluster's memory

etcd is a key-value store, and it is the **only** place a Kubernetes cluster keeps state: every pod, service,
secret and node object lives under `/registry/...` in etcd. The API server is the only component that talks to
it; everything else goes through the API. Lose etcd's data and the cluster forgets itself.

## Members and quorum

Cluster `${cluster.name}` runs one etcd member on each master:

| member | client URL | peer URL |
|---|---|---|
<#list cluster.masters as m>
| ${m.name} | https://${m.ip}:2379 | https://${m.ip}:2380 |
</#list>

The members agree on every write with the **Raft** protocol: one of them is the leader, and a write counts
only when a majority (the quorum) has stored it. With ${n} member<#if n != 1>s</#if> the quorum is ${quorum}, so the
cluster keeps working with ${tolerates} member<#if tolerates != 1>s</#if> down<#if n == 1> (a single member is a
single point of failure; that is what the HA presets fix)</#if>. An even number buys nothing: 4 members need 3,
and tolerate one failure, like 3. Without quorum etcd refuses writes and linearizable reads rather than risk
two halves disagreeing; a write that timed out may still have been committed, so "timeout" never means "not
written".

## The flags that matter

- `--name ${cluster.masters[0].name}` and `--initial-cluster ${cluster.etcd.initialCluster}`: who is who at the
  first start. After that the membership lives in the data directory `/var/lib/etcd`, and these flags are
  ignored (changing members later is `etcdctl member add/remove`).
- `--initial-cluster-state new` and `--initial-cluster-token etcd-${cluster.name}`: a fresh cluster, with a
  token so members of another cluster cannot join by mistake.
- `--cert-file/--key-file` + `--client-cert-auth`: clients must present a certificate signed by
  `/etc/etcd/ca.pem`. `--peer-*` + `--peer-client-cert-auth`: the same between members. Each member uses its
  own certificate from lesson 02 for both, hence `serverAuth` + `clientAuth`.
- `--listen-metrics-urls http://127.0.0.1:2381`: plain-HTTP `/health` and `/metrics` on the loopback only.

## Starting a cluster that waits for itself

The unit is `Type=notify`: systemd regards etcd as started only once it has joined a cluster with a leader.
The first member alone cannot elect one, so a plain `systemctl start etcd` on ${cluster.masters[0].name} would hang
until a second member is up. The step therefore runs `systemctl start --no-block etcd` on all masters at once
and then polls `etcdctl endpoint health` (up to 90 s).

## Looking at it

```
etcdctl --endpoints=${cluster.etcd.clientEndpoints} \
  --cacert=/etc/etcd/ca.pem --cert=/etc/etcd/server.pem --key=/etc/etcd/server-key.pem \
  endpoint status -w table
```

shows each member's version, database size, raft term and which one is the leader. `member list -w table`
shows the membership; `journalctl -u etcd -n 50` shows elections (`elected leader`) and TLS errors.
