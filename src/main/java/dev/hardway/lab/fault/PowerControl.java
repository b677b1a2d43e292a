package dev.hardway.lab.fault;

import dev.hardway.Problem;
import dev.hardway.provider.Provider;

/**
 * Hard power control of real nodes, for {@code break --mode power}. Vagrant VMs have it (the provider); existing
 * SSH hosts have none; the test bed plugs in its own ({@code lab.sh poweroff/boot}).
 */
public interface PowerControl {

    /** Whether this lab can cut the power of its nodes. */
    boolean available();

    /** Cuts the power at once (no clean shutdown). */
    void powerOff(String node);

    /** Boots the node again and returns when it is up (its enabled units start by themselves). */
    void powerOn(String node);

    /** For existing hosts: no power control, with the refusal the learner sees. */
    PowerControl NONE = new PowerControl() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public void powerOff(String node) {
            throw refusal(node);
        }

        @Override
        public void powerOn(String node) {
            throw refusal(node);
        }
    };

    static FaultException refusal(String node) {
        return FaultException.badInput(Problem.error("existing hosts can't be powered off by hardway (" + node + " has no power control)", "break " + node + " --mode services or --mode network"));
    }

    /** The provider's power control, or {@link #NONE} when it manages no machines (existing SSH hosts). */
    static PowerControl of(Provider provider) {
        if (provider == null || !provider.createsMachines()) {
            return NONE;
        }
        return new PowerControl() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public void powerOff(String node) {
                provider.powerOff(node);
            }

            @Override
            public void powerOn(String node) {
                provider.powerOn(node);
            }
        };
    }
}
