package dev.hardway.lab;

import java.util.List;

/**
 * The structured views behind {@code inspect etcd | vip | lb} and {@code check etcd | vip}, implemented by both
 * labs so the shell formats one set of records whether the lab is real or simulated. Kept apart from {@link Lab}
 * so engine code and test doubles that only run steps need not implement it.
 */
public interface LabInspector {

    /** Members, leader, raft term and quorum (real: etcdctl endpoint status/health/member list on a master). */
    EtcdStatus etcdStatus();

    /** Who holds the API VIP (real: {@code ip -o -4 addr show} on each LB). Empty LB list without an LB pair. */
    VipStatus vipStatus();

    /** haproxy's backend table per API LB (real: {@code show stat} on the stats socket). */
    List<HaproxyStatus> haproxyStatus();
}
