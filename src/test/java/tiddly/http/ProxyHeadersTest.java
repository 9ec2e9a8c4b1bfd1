package tiddly.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of {@link ClientAddress} that need no server: RFC 7239 elements and address keys. */
class ProxyHeadersTest {
    @Test
    void forwardedGivesTheForOfEveryElementInOrder() {
        assertEquals(
                List.of("192.0.2.60", "[2001:db8:cafe::17]:4711", "unknown"),
                ForwardedHeader.forNodes(
                        "for=192.0.2.60;proto=http;by=203.0.113.43, for=\"[2001:db8:cafe::17]:4711\", For=unknown"));
    }

    @Test
    void forwardedReadsQuotedStringsWithCommasSemicolonsAndEscapes() {
        assertEquals(
                List.of("a,b;c", "x\"y", "192.0.2.1"),
                ForwardedHeader.forNodes("for=\"a,b;c\";by=x , for=\"x\\\"y\",for=192.0.2.1"));
    }

    @Test
    void anElementWithoutForOrThatDoesNotParseCountsAsAHopWithNoClient() {
        assertEquals(List.of("", "192.0.2.1"), ForwardedHeader.forNodes("proto=https;by=x, for=192.0.2.1"));
        assertEquals(List.of("", "192.0.2.2"), ForwardedHeader.forNodes("for, for=192.0.2.2"));
        assertEquals(List.of("", "192.0.2.3"), ForwardedHeader.forNodes("for=\"a,b\" junk, for=192.0.2.3"));
        assertEquals(List.of(""), ForwardedHeader.forNodes("for=\"never ends, for=192.0.2.4"));
        assertEquals(List.of(""), ForwardedHeader.forNodes(""));
    }

    @Test
    void addressesWithOrWithoutPortsAndBracketsHaveOneKey() {
        assertEquals(Optional.of("192.0.2.7"), IpLiteral.key("192.0.2.7"));
        assertEquals(Optional.of("192.0.2.7"), IpLiteral.key(" 192.0.2.7:4711 "));
        assertEquals(Optional.of("192.0.2.7"), IpLiteral.key("[::ffff:192.0.2.7]:80"));
        assertEquals(Optional.of("2001:db8:cafe:1:0:0:0:0/64"), IpLiteral.key("2001:db8:cafe:1::17"));
        assertEquals(Optional.of("2001:db8:cafe:1:0:0:0:0/64"), IpLiteral.key("[2001:DB8:CAFE:1:ffff::1]:4711"));
        assertEquals(Optional.of("0:0:0:0:0:0:0:0/64"), IpLiteral.key("::1"));
    }

    @Test
    void whatIsNotAnAddressHasNoKeyAndIsNeverLookedUp() {
        for (String node : List.of(
                "unknown",
                "_hidden",
                "example.com",
                "localhost",
                "256.0.0.1",
                "01.2.3.4",
                "1.2.3",
                "192.0.2.7:port",
                "192.0.2.7:123456",
                "[2001:db8::1",
                "[2001:db8::1]x",
                "2001:db8::1%eth0",
                "2001:db8:::1",
                ".:",
                "")) {
            assertEquals(Optional.empty(), IpLiteral.key(node), node);
        }
    }
}
