package dev.hardway.lab.fault;

import java.util.Objects;

/**
 * {@code break <node> [--mode power|services|network|crash] [--service <unit>]}.
 *
 * @param service SERVICES: stop only this unit (null: every active hardway unit); CRASH: the unit to kill
 *                (null: keepalived on a load balancer, else the first active hardway unit)
 */
public record BreakRequest(String node, FaultMode mode, String service) {

    public BreakRequest {
        Objects.requireNonNull(node, "node");
        mode = mode == null ? FaultMode.POWER : mode;
        service = service == null || service.isBlank() ? null : service.trim();
    }

    /** The default mode is a power cut, the fault the lessons talk about first. */
    public static BreakRequest of(String node) {
        return new BreakRequest(node, FaultMode.POWER, null);
    }
}
