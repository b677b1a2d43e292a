package dev.hardway.cluster;

/**
 * IPv4 addresses and CIDR blocks as plain ints, for the arithmetic the derived values need (first service IP,
 * per-node pod subnets) and the validator's containment/overlap rules.
 */
public final class Ipv4 {

    private Ipv4() {
    }

    /** Parses a dotted quad; throws IllegalArgumentException with the offending text. */
    public static int parse(String s) {
        String[] parts = s.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + s + "' is not an IPv4 address");
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + s + "' is not an IPv4 address");
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + s + "' is not an IPv4 address (" + octet + " > 255)");
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    public static String format(int ip) {
        return ((ip >>> 24) & 255) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
    }

    /** A CIDR block; {@code base} is the network address (host bits cleared). */
    public record Cidr(int base, int prefix) {

        public static Cidr parse(String s) {
            int slash = s.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + s + "' is not a CIDR block (expected a.b.c.d/n)");
            }
            int ip = Ipv4.parse(s.substring(0, slash));
            String p = s.substring(slash + 1);
            if (p.isEmpty() || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 32) {
                throw new IllegalArgumentException("'" + s + "' is not a CIDR block (prefix must be 0-32)");
            }
            int prefix = Integer.parseInt(p);
            return new Cidr(ip & mask(prefix), prefix);
        }

        static int mask(int prefix) {
            return prefix == 0 ? 0 : -1 << (32 - prefix);
        }

        public long size() {
            return 1L << (32 - prefix);
        }

        public boolean contains(int ip) {
            return (ip & mask(prefix)) == base;
        }

        public boolean contains(String ip) {
            return contains(Ipv4.parse(ip));
        }

        public boolean overlaps(Cidr other) {
            int p = Math.min(prefix, other.prefix);
            return (base & mask(p)) == (other.base & mask(p));
        }

        /** The n-th address of the block (n = 1 is the first host address). */
        public String host(long n) {
            if (n < 0 || n >= size()) {
                throw new IllegalArgumentException(this + " has no host number " + n);
            }
            return Ipv4.format((int) (base + n));
        }

        /** The index-th subnet of the given prefix inside this block. */
        public Cidr subnet(int newPrefix, int index) {
            if (newPrefix < prefix || index < 0 || index >= (1L << (newPrefix - prefix))) {
                throw new IllegalArgumentException(this + " has no /" + newPrefix + " subnet number " + index);
            }
            return new Cidr(base + (int) (index * (1L << (32 - newPrefix))), newPrefix);
        }

        @Override
        public String toString() {
            return Ipv4.format(base) + "/" + prefix;
        }
    }
}
