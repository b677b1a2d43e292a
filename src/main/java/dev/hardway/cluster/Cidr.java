package dev.hardway.cluster;

import java.util.Optional;

/**
 * An IPv4 network in CIDR notation ({@code 10.200.0.0/16}) plus the address helpers the cluster validator and
 * the derived values need: parse, contains, overlaps, n-th host.
 *
 * <p>IPv4 only: every lab this project builds (Vagrant host-only networks, the Raspberry Pi LAN, the namespace
 * test bed) is IPv4, and dual-stack would double every rule without teaching anything new.
 *
 * @param address the address as written, as an unsigned 32-bit value in an int (host bits may be set; see
 *                {@link #hasHostBits()})
 * @param prefix  0..32
 */
public record Cidr(int address, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0..32, got " + prefix);
        }
    }

    /**
     * Parses {@code a.b.c.d/n}.
     *
     * @throws IllegalArgumentException with a message that says what is wrong (meant for users)
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty CIDR");
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + s + "' has no prefix length (like /24)");
        }
        int addr = parseAddress(s.substring(0, slash));
        String p = s.substring(slash + 1);
        if (!p.matches("\\d{1,2}")) {
            throw new IllegalArgumentException("'" + p + "' is not a prefix length 0..32");
        }
        int prefix = Integer.parseInt(p);
        if (prefix > 32) {
            throw new IllegalArgumentException("prefix length " + prefix + " is larger than 32");
        }
        return new Cidr(addr, prefix);
    }

    /** Like {@link #parse} but empty instead of an exception. */
    public static Optional<Cidr> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses a dotted-quad IPv4 address. Leading zeros are refused: {@code 010} means 8 to some tools (octal)
     * and 10 to others, so an address written that way is ambiguous.
     *
     * @throws IllegalArgumentException with a user-facing reason
     */
    public static int parseAddress(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String s = text.trim();
        if (s.contains(":")) {
            throw new IllegalArgumentException("'" + s + "' is IPv6; only IPv4 is supported");
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + s + "' is not an IPv4 address (four numbers 0..255 with dots)");
        }
        int value = 0;
        for (String part : parts) {
            if (!part.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + s + "' is not an IPv4 address (four numbers 0..255 with dots)");
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                throw new IllegalArgumentException("'" + s + "' has a leading zero in '" + part + "' (octal to some tools)");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + s + "' has " + octet + ", larger than 255");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** Like {@link #parseAddress} but empty instead of an exception. */
    public static Optional<Integer> tryParseAddress(String text) {
        try {
            return Optional.of(parseAddress(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Dotted-quad form of an address. */
    public static String formatAddress(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** The netmask as an int ({@code /24} → 255.255.255.0). */
    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The first address of the network. */
    public int network() {
        return address & mask();
    }

    /** The last address of the network (the broadcast address for prefixes up to /30). */
    public int last() {
        return network() | ~mask();
    }

    /** Number of addresses, 1..2^32. */
    public long size() {
        return 1L << (32 - prefix);
    }

    /** True if the address has bits set beyond the prefix ({@code 10.244.0.1/16}). */
    public boolean hasHostBits() {
        return address != network();
    }

    /** The same network with host bits cleared. */
    public Cidr normalized() {
        return new Cidr(network(), prefix);
    }

    public boolean contains(int ip) {
        return (ip & mask()) == network();
    }

    /** True if every address of {@code other} is in this network. */
    public boolean contains(Cidr other) {
        return other.prefix >= prefix && contains(other.network());
    }

    /** True if the two networks share at least one address (for CIDRs: one contains the other). */
    public boolean overlaps(Cidr other) {
        return contains(other.network()) || other.contains(network());
    }

    /**
     * The n-th address counted from the network address: {@code nthHost(1)} of 10.32.0.0/24 is 10.32.0.1
     * (the kubernetes service IP), {@code nthHost(10)} is 10.32.0.10 (the usual cluster DNS).
     *
     * @throws IllegalArgumentException if n is not a usable host number in this network
     */
    public int nthHost(long n) {
        long usable = prefix >= 31 ? size() : size() - 2;
        long first = prefix >= 31 ? 0 : 1;
        if (n < first || n >= first + usable) {
            throw new IllegalArgumentException(this + " has no host number " + n);
        }
        return (int) (Integer.toUnsignedLong(network()) + n);
    }

    /** True for the network and broadcast addresses of prefixes up to /30, which no host may use. */
    public boolean isReserved(int ip) {
        return prefix < 31 && contains(ip) && (ip == network() || ip == last());
    }

    @Override
    public String toString() {
        return formatAddress(address) + "/" + prefix;
    }
}
