package dev.hardway.lab.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The VRRP state is derived in one place, for the real and the simulated lab alike. */
class VrrpStateTest {

    @Test
    void derivedFromTheVipKeepalivedAndHaproxy() {
        assertThat(VrrpState.of(true, true, true, false)).isEqualTo(VrrpState.MASTER);
        assertThat(VrrpState.of(true, false, true, false)).isEqualTo(VrrpState.CRASHED);
        assertThat(VrrpState.of(false, false, true, false)).isEqualTo(VrrpState.STOPPED);
        assertThat(VrrpState.of(false, true, false, false)).isEqualTo(VrrpState.FAULT);
        assertThat(VrrpState.of(false, true, true, true)).isEqualTo(VrrpState.FAULT);
        assertThat(VrrpState.of(false, true, true, false)).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void aCrashedHolderIsNotOk() {
        assertThat(VrrpState.CRASHED.holderOk()).isFalse();
        assertThat(VrrpState.MASTER.holderOk()).isTrue();
    }
}
