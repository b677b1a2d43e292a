# HA drills: break it on purpose, watch it carry on

<#if cluster.hasApiLb && cluster.masters?size == 3>
Lessons 05 and 07 built the parts that make this cluster highly available: three etcd members on
<#list cluster.masters as m>${m.name}<#sep>, </#list> (any two are a quorum) and two load balancers,
<#list cluster.lbs as l>${l.name}<#sep> and </#list>, sharing the API address ${cluster.apiLb.vip}:${cluster.apiLb.port}.
This lesson proves it. Each step *drives hardway's own commands* — `break`, `heal`, `check`, `inspect`, the ones
you can type yourself — and holds every observation to what the step promises. A step whose drill does not show
what it promises fails, and says which command and why.

| step | fault | what you should see |
|---|---|---|
| lose-master | `break ${cluster.masters[0].name} --mode services` | etcd 2 of 3 healthy, quorum holds; the VIP still answers (and with lesson 06, the API through it) |
| lose-lb | `break ${cluster.lbs[0].name} --mode services` | the VIP moves to ${cluster.lbs[1].name}; clients keep the same address |
| lose-quorum | `break ${cluster.masters[1].name} --mode services` | etcd: no leader, quorum lost, writes time out; `/readyz?verbose` on ${cluster.masters[2].name}: `[-]etcd failed` |
| recover | `heal --all` | 3 of 3 healthy, a leader; the VIP back on ${cluster.lbs[0].name} and staying there |

The faults stay in place from one step to the next (`faults` lists them), so the lab gets worse until the last
step heals it. Want to drive a drill yourself? Type the step's command, look with `inspect etcd` / `inspect vip`,
then `lesson check`: it asks the same questions the step would.

Why `--mode services` and not a power cut: it works on every lab (existing hosts cannot be powered off by
hardway) and looks the same from outside — the machine answers pings, its services are gone. `break <node>`
without `--mode` pulls the plug where the provider can (Vagrant), and the drills look the same.

What to look at while a drill runs:

- `inspect etcd`: the member table (IS LEADER, raft term); `etcdctl endpoint health --cluster -w table` on a master.
- `inspect vip`: VRRP state per load balancer, who holds ${cluster.apiLb.vip}, haproxy's backends.
- `kubectl get --raw='/readyz?verbose'` on a master (with lesson 06): the `etcd` line turns `[-]` without quorum.
- A write during quorum loss times out — and may still be committed after the heal: a timeout is not "not written".
<#else>
**This lesson does not apply to cluster `${cluster.name}`**: it has ${cluster.masters?size} master<#if cluster.masters?size != 1>s</#if><#if !cluster.hasApiLb> and no API load-balancer pair</#if>.
The drills need three etcd members (lose one and keep a quorum, lose two and lose it) and two load balancers
sharing a VIP (lose one and watch the address move). The `ha`, `full` and `raspi-ha` presets have both:
`cluster use ha` to try them in the simulated lab.
</#if>
