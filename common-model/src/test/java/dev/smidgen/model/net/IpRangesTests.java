package dev.smidgen.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every IANA special-purpose range, at both ends, and the public addresses just outside it. */
class IpRangesTests {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        // IPv4 special-purpose registry
        "0.0.0.0, RESERVED",
        "0.255.255.255, RESERVED",
        "10.0.0.0, INTERNAL",
        "10.255.255.255, INTERNAL",
        "100.64.0.0, INTERNAL",
        "100.127.255.255, INTERNAL",
        "127.0.0.0, INTERNAL",
        "127.255.255.255, INTERNAL",
        "169.254.0.0, RESERVED",
        "169.254.255.255, RESERVED",
        "172.16.0.0, INTERNAL",
        "172.31.255.255, INTERNAL",
        "192.0.0.0, RESERVED",
        "192.0.0.255, RESERVED",
        "192.0.2.0, RESERVED",
        "192.0.2.255, RESERVED",
        "192.88.99.0, RESERVED",
        "192.88.99.255, RESERVED",
        "192.168.0.0, INTERNAL",
        "192.168.255.255, INTERNAL",
        "198.18.0.0, INTERNAL",
        "198.19.255.255, INTERNAL",
        "198.51.100.0, RESERVED",
        "198.51.100.255, RESERVED",
        "203.0.113.0, RESERVED",
        "203.0.113.255, RESERVED",
        "224.0.0.0, RESERVED",
        "239.255.255.255, RESERVED",
        "240.0.0.0, RESERVED",
        "255.255.255.254, RESERVED",
        "255.255.255.255, RESERVED",
        "169.254.169.254, METADATA",
        "100.100.100.200, METADATA",
        // IPv4 neighbours that are public
        "1.0.0.0, PUBLIC",
        "9.255.255.255, PUBLIC",
        "11.0.0.0, PUBLIC",
        "100.63.255.255, PUBLIC",
        "100.128.0.0, PUBLIC",
        "126.255.255.255, PUBLIC",
        "128.0.0.0, PUBLIC",
        "172.15.255.255, PUBLIC",
        "172.32.0.0, PUBLIC",
        "191.255.255.255, PUBLIC",
        "192.0.1.0, PUBLIC",
        "192.0.3.0, PUBLIC",
        "192.88.98.255, PUBLIC",
        "192.88.100.0, PUBLIC",
        "192.167.255.255, PUBLIC",
        "192.169.0.0, PUBLIC",
        "198.17.255.255, PUBLIC",
        "198.20.0.0, PUBLIC",
        "198.51.99.255, PUBLIC",
        "198.51.101.0, PUBLIC",
        "203.0.112.255, PUBLIC",
        "203.0.114.0, PUBLIC",
        "223.255.255.255, PUBLIC",
        // IPv6 special-purpose registry
        "::, RESERVED",
        "::1, INTERNAL",
        "100::, RESERVED",
        "100::ffff:ffff:ffff:ffff, RESERVED",
        "2001::, RESERVED",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED",
        "2001:2::1, RESERVED",
        "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "2001:db8::, RESERVED",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "3fff::1, RESERVED",
        "5f00::1, RESERVED",
        "fc00::, INTERNAL",
        "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, INTERNAL",
        "fe80::, RESERVED",
        "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "fec0::1, INTERNAL",
        "ff00::, RESERVED",
        "ff02::1, RESERVED",
        "fd00:ec2::254, METADATA",
        // IPv6 forms carrying an IPv4 address are judged by it
        "::ffff:127.0.0.1, INTERNAL",
        "::ffff:192.0.2.1, RESERVED",
        "::ffff:169.254.169.254, METADATA",
        "::ffff:8.8.8.8, PUBLIC",
        "64:ff9b::192.0.2.1, RESERVED",
        "64:ff9b::10.0.0.1, INTERNAL",
        "64:ff9b::8.8.8.8, PUBLIC",
        "64:ff9b:1:808:8:800::, INTERNAL",
        "64:ff9b:1:7f00:0:100::, INTERNAL",
        "64:ff9b:1:a9fe:a9:fe00::, METADATA",
        "64:ff9b:1:c000:2:100::, RESERVED",
        "2002:c000:0201::1, RESERVED",
        "2002:7f00:1::1, INTERNAL",
        "2002:808:808::1, PUBLIC",
        // IPv6 neighbours that are public
        "2001:200::1, PUBLIC",
        "2001:db7:ffff::1, PUBLIC",
        "2001:db9::1, PUBLIC",
        "2606:4700:4700::1111, PUBLIC",
        "fbff::1, PUBLIC",
        "64:ff9b:2::1, PUBLIC"
    })
    void classifiesSpecialPurposeRanges(String literal, IpRanges.Kind expected) throws UnknownHostException {
        assertEquals(expected, IpRanges.classify(InetAddress.getByName(literal)), literal);
    }
}
