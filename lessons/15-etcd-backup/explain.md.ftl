<#assign n = cluster.masters?size>
# Backing up etcd, and restoring every member

Everything cluster `${cluster.name}` knows lives in etcd (lesson 05). A backup of etcd is a backup of the
cluster; a restore turns the whole cluster back to the moment of the snapshot. This lesson takes a snapshot,
writes something after it, and restores all ${n} member<#if n != 1>s</#if>, so you can see that what was written
after the snapshot is gone and what was written before it is back.

## The tools (etcd ${cluster.versions.etcd})

- `etcdctl snapshot save FILE` talks to a running member over TLS and streams its keyspace into FILE. It needs
  **one** endpoint: with several it refuses (`snapshot must be requested to one selected node, not multiple`).
- `etcdutl snapshot status FILE` and `etcdutl snapshot restore FILE` work on files only: no endpoints, no
  certificates. etcd 3.6 removed `etcdctl snapshot status|restore`; old guides that use them fail with an
  unknown command. (etcd 3.5 has both; this lesson uses etcdutl, which works the same in 3.5 and 3.6.)

## The order of a restore

1. Stop kube-apiserver, kube-controller-manager and kube-scheduler on every master<#if !cluster.downloads.offers.kubernetes> (this lab
   has no Kubernetes server binaries, so those steps are skipped and etcd keys prove the restore)</#if>. A running
   apiserver keeps a cache of what it read and watches etcd by revision; a restore under it leaves it stale.
2. Stop etcd on **every** member. A member left running keeps its old data; the restored members then reject it
   (`request cluster ID mismatch`).
3. On every member, restore the **same** file into a **fresh** directory:

   ```
   etcdutl snapshot restore /var/backups/etcd/restore.db --name ${cluster.masters[0].name} \
     --initial-cluster ${cluster.etcd.initialCluster} \
     --initial-cluster-token etcd-${cluster.name}-restored \
     --initial-advertise-peer-urls https://${cluster.masters[0].ip}:2380 \
     --data-dir /var/lib/etcd.restored --bump-revision 1000000000 --mark-compacted
   ```

   with each member's own `--name` and peer URL. The restore writes a new cluster: new member IDs, a new cluster
   ID (from the new token), the keys of the snapshot. `--bump-revision` raises the revision far beyond anything
   a client has seen, and `--mark-compacted` (required with it) tells watchers that the old revisions are gone,
   so kube-apiserver resyncs instead of waiting for revisions it already had.
4. Move the old `/var/lib/etcd` aside (never delete it: it is the only copy of the data you are throwing away)
   and the restored dir into its place. The unit from lesson 05 does not change: with a data dir present, etcd
   ignores `--initial-cluster` and uses what the restore wrote.
5. Start all members at once (each waits for a quorum of the new cluster), check health, then start the
   control plane.

## Traps

| trap | what you see |
|---|---|
| only one member restored | the others keep the old cluster ID: `request cluster ID mismatch`, one member unhealthy |
| a different snapshot file per member | one cluster ID, but members answer differently for the same key |
| restore into the existing data dir | `etcdutl`: `data-dir "/var/lib/etcd" not empty or could not be read` |
| no `--bump-revision` with apiservers | revision goes back; watchers miss changes or show stale objects |
| apiservers left running | their caches outlive the restore: objects reappear or vanish |
| `etcdctl snapshot restore` from an old guide | not in etcd 3.6: use `etcdutl` |

The checks look for each of these: `etcd-snapshot` compares the file on every member, `etcd-key` asks every
member for itself (a local read, no leader needed), and `etcd-restored` wants one cluster ID and a bumped
revision on all of them.
