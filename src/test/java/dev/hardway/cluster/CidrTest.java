package dev.hardway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void parsesAndFormats() {
        Cidr c = Cidr.parse("10.200.0.0/16");
        assertThat(c.prefix()).isEqualTo(16);
        assertThat(c.toString()).isEqualTo("10.200.0.0/16");
        assertThat(Cidr.formatAddress(c.network())).isEqualTo("10.200.0.0");
        assertThat(Cidr.formatAddress(c.last())).isEqualTo("10.200.255.255");
        assertThat(c.size()).isEqualTo(65536);
        assertThat(Cidr.formatAddress(c.mask())).isEqualTo("255.255.0.0");
    }

    @Test
    void highAddressesSurviveSignedInts() {
        Cidr c = Cidr.parse("192.168.3.0/24");
        assertThat(c.contains(Cidr.parseAddress("192.168.3.240"))).isTrue();
        assertThat(Cidr.formatAddress(Cidr.parseAddress("255.255.255.255"))).isEqualTo("255.255.255.255");
        assertThat(Cidr.formatAddress(c.nthHost(253))).isEqualTo("192.168.3.253");
    }

    @Test
    void zeroAndThirtyTwoPrefixes() {
        Cidr all = Cidr.parse("0.0.0.0/0");
        assertThat(all.size()).isEqualTo(1L << 32);
        assertThat(all.contains(Cidr.parseAddress("203.0.113.9"))).isTrue();
        Cidr one = Cidr.parse("10.0.0.7/32");
        assertThat(one.contains(Cidr.parseAddress("10.0.0.7"))).isTrue();
        assertThat(one.contains(Cidr.parseAddress("10.0.0.8"))).isFalse();
        assertThat(one.nthHost(0)).isEqualTo(Cidr.parseAddress("10.0.0.7"));
        assertThat(one.isReserved(one.network())).isFalse();
    }

    @Test
    void contains() {
        Cidr net = Cidr.parse("172.16.10.0/24");
        assertThat(net.contains(Cidr.parseAddress("172.16.10.41"))).isTrue();
        assertThat(net.contains(Cidr.parseAddress("172.16.20.13"))).isFalse();
        assertThat(Cidr.parse("10.200.0.0/16").contains(Cidr.parse("10.200.1.0/24"))).isTrue();
        assertThat(Cidr.parse("10.200.1.0/24").contains(Cidr.parse("10.200.0.0/16"))).isFalse();
        assertThat(Cidr.parse("10.200.0.0/16").contains(Cidr.parse("10.201.1.0/24"))).isFalse();
    }

    @Test
    void overlaps() {
        assertThat(Cidr.parse("10.244.0.0/16").overlaps(Cidr.parse("10.244.0.0/16"))).isTrue();
        assertThat(Cidr.parse("10.244.0.0/16").overlaps(Cidr.parse("10.244.128.0/17"))).isTrue();
        assertThat(Cidr.parse("10.244.128.0/17").overlaps(Cidr.parse("10.244.0.0/16"))).isTrue();
        assertThat(Cidr.parse("10.244.0.0/16").overlaps(Cidr.parse("10.96.0.0/12"))).isFalse();
        assertThat(Cidr.parse("10.200.1.0/24").overlaps(Cidr.parse("10.200.2.0/24"))).isFalse();
        assertThat(Cidr.parse("172.16.0.0/12").overlaps(Cidr.parse("172.17.0.0/24"))).isTrue();
    }

    @Test
    void nthHost() {
        Cidr svc = Cidr.parse("10.32.0.0/24");
        assertThat(Cidr.formatAddress(svc.nthHost(1))).isEqualTo("10.32.0.1");
        assertThat(Cidr.formatAddress(svc.nthHost(10))).isEqualTo("10.32.0.10");
        assertThat(Cidr.formatAddress(svc.nthHost(254))).isEqualTo("10.32.0.254");
        assertThatThrownBy(() -> svc.nthHost(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> svc.nthHost(255)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cidr.formatAddress(Cidr.parse("10.96.0.0/12").nthHost(300))).isEqualTo("10.96.1.44");
    }

    @Test
    void reservedAddresses() {
        Cidr net = Cidr.parse("172.16.10.0/24");
        assertThat(net.isReserved(Cidr.parseAddress("172.16.10.0"))).isTrue();
        assertThat(net.isReserved(Cidr.parseAddress("172.16.10.255"))).isTrue();
        assertThat(net.isReserved(Cidr.parseAddress("172.16.10.1"))).isFalse();
    }

    @Test
    void hostBits() {
        Cidr c = Cidr.parse("10.244.0.1/16");
        assertThat(c.hasHostBits()).isTrue();
        assertThat(c.normalized()).isEqualTo(Cidr.parse("10.244.0.0/16"));
        assertThat(Cidr.parse("10.244.0.0/16").hasHostBits()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0", "10.0.0.0/33", "10.0.0.0/x", "10.0.0/8", "10.0.0.256/8", "fd00::/8",
            "10.0.0.0/-1", "10.0.0.0/ 8"})
    void rejectsMalformedCidrs(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cidr.tryParse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "172.16.010.5", "a.b.c.d", "300.1.1.1", "1..2.3", " ", "::1",
            "1.2.3.-4"})
    void rejectsMalformedAddresses(String text) {
        assertThatThrownBy(() -> Cidr.parseAddress(text)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cidr.tryParseAddress(text)).isEmpty();
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThatThrownBy(() -> Cidr.parseAddress("172.16.010.5")).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> Cidr.parseAddress("10.0.0.300")).hasMessageContaining("larger than 255");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).hasMessageContaining("no prefix length");
        assertThatThrownBy(() -> Cidr.parse("fd00::/8")).hasMessageContaining("IPv6");
    }
}
