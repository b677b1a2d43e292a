package dev.hardway.lab.inspect;

import java.util.List;

/** The systemd units the lessons install (docs/lesson-format.md), in the order {@code inspect node} lists them. */
public final class Units {

    public static final List<String> ALL = List.of("etcd", "kube-apiserver", "kube-controller-manager",
            "kube-scheduler", "haproxy", "keepalived", "containerd", "kubelet", "kube-proxy");

    private Units() {
    }
}
