package dev.smidgen.model.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Sorts IP addresses into the classes {@link AddressGuard} treats differently. */
final class IpRanges {

    /** What an address is, as far as fetching from it is concerned; later constants are stricter. */
    enum Kind {
        /** Routable on the internet. */
        PUBLIC,
        /** Loopback, private, shared or benchmarking space: fine in dev/test, never in production. */
        INTERNAL,
        /** Unspecified, link-local, multicast, broadcast or reserved: never a sensible fetch target. */
        RESERVED,
        /** A cloud instance metadata service: refused whatever the policy. */
        METADATA
    }

    private record Range(byte[] prefix, int bits, Kind kind) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    // First match wins, so the metadata hosts come before the wider ranges that hold them. The rest is
    // the IANA IPv4 special-purpose address registry: every block not globally reachable is refused.
    private static final List<Range> V4 = List.of(
            range("169.254.169.254", 32, Kind.METADATA), // AWS, GCP, Azure, Oracle, DigitalOcean
            range("100.100.100.200", 32, Kind.METADATA), // Alibaba Cloud
            range("0.0.0.0", 8, Kind.RESERVED), // "this network"; 0.0.0.0 reaches the local host on Linux
            range("127.0.0.0", 8, Kind.INTERNAL),
            range("10.0.0.0", 8, Kind.INTERNAL),
            range("172.16.0.0", 12, Kind.INTERNAL),
            range("192.168.0.0", 16, Kind.INTERNAL),
            range("100.64.0.0", 10, Kind.INTERNAL), // carrier-grade NAT
            range("198.18.0.0", 15, Kind.INTERNAL), // benchmarking
            // Link-local stays refused even in dev: metadata services live there and nothing else does.
            range("169.254.0.0", 16, Kind.RESERVED),
            range("192.0.0.0", 24, Kind.RESERVED), // IETF protocol assignments (DS-Lite, NAT64 discovery)
            // Documentation ranges route nowhere on the internet, so a host that answers on one is a
            // local box configured with it (seen in the wild: the host's own address).
            range("192.0.2.0", 24, Kind.RESERVED), // TEST-NET-1
            range("198.51.100.0", 24, Kind.RESERVED), // TEST-NET-2
            range("203.0.113.0", 24, Kind.RESERVED), // TEST-NET-3
            range("192.88.99.0", 24, Kind.RESERVED), // deprecated 6to4 relay anycast
            range("224.0.0.0", 4, Kind.RESERVED), // multicast
            range("240.0.0.0", 4, Kind.RESERVED)); // reserved, including 255.255.255.255 broadcast

    // The IANA IPv6 special-purpose address registry. Forms carrying an IPv4 address (mapped,
    // compatible, NAT64, 6to4) are judged by that address instead, see classify.
    private static final List<Range> V6 = List.of(
            range("fd00:ec2::254", 128, Kind.METADATA), // AWS over IPv6
            range("::", 128, Kind.RESERVED),
            range("::1", 128, Kind.INTERNAL),
            range("100::", 64, Kind.RESERVED), // discard-only
            range("2001::", 23, Kind.RESERVED), // IETF protocol assignments: Teredo, ORCHID, benchmarking…
            range("2001:db8::", 32, Kind.RESERVED), // documentation
            range("3fff::", 20, Kind.RESERVED), // documentation (RFC 9637)
            range("5f00::", 16, Kind.RESERVED), // SRv6 segment identifiers
            range("fe80::", 10, Kind.RESERVED), // link-local
            range("fec0::", 10, Kind.INTERNAL), // deprecated site-local, still routed privately
            range("fc00::", 7, Kind.INTERNAL), // unique-local
            range("ff00::", 8, Kind.RESERVED)); // multicast

    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final Range LOCAL_NAT64 = range("64:ff9b:1::", 48, Kind.INTERNAL);

    private IpRanges() {}

    static Kind classify(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return classifyV4(bytes);
        }
        boolean unspecifiedOrLoopback = isAllZero(bytes, 0, 15) && (bytes[15] == 0 || bytes[15] == 1);
        if (LOCAL_NAT64.contains(bytes)) {
            // A site's own translator (RFC 8215): internal by definition, and no better than its target.
            return stricter(Kind.INTERNAL, classifyV4(localNat64Target(bytes)));
        }
        byte[] embedded = unspecifiedOrLoopback ? null : embeddedV4(bytes); // :: and ::1 are not IPv4-compatible
        return embedded != null ? classifyV4(embedded) : match(V6, bytes, Kind.PUBLIC);
    }

    /** The IPv4 address in a /48 NAT64 address (RFC 6052 §2.2): bits 48–63 and 72–87, around the zero octet. */
    private static byte[] localNat64Target(byte[] b) {
        return new byte[] {b[6], b[7], b[9], b[10]};
    }

    private static Kind stricter(Kind a, Kind b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Kind classifyV4(byte[] bytes) {
        return match(V4, bytes, Kind.PUBLIC);
    }

    /**
     * The IPv4 address an IPv6 address carries in a form that can reach it: IPv4-mapped
     * ({@code ::ffff:a.b.c.d}), IPv4-compatible ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::a.b.c.d})
     * or 6to4 ({@code 2002:aabb:ccdd::}); null when there is none.
     */
    private static byte[] embeddedV4(byte[] b) {
        boolean mapped = isAllZero(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = isAllZero(b, 0, 12);
        boolean nat64 = Arrays.equals(b, 0, 12, NAT64_PREFIX, 0, 12);
        if (mapped || compatible || nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static boolean isAllZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Kind match(List<Range> ranges, byte[] bytes, Kind otherwise) {
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return r.kind();
            }
        }
        return otherwise;
    }

    private static Range range(String literal, int bits, Kind kind) {
        try {
            // Literals only, so no DNS lookup happens here.
            return new Range(InetAddress.getByName(literal).getAddress(), bits, kind);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Bad range literal " + literal, e);
        }
    }
}
