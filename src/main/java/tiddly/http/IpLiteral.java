package tiddly.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address as a proxy header or the socket writes it ({@code 192.0.2.7}, {@code 192.0.2.7:4711},
 * {@code 2001:db8::1}, {@code [2001:db8::1]:4711}) to the key the sign-in limit counts under: the
 * address in one spelling, and for IPv6 its /64 network, which one client usually holds whole.
 * Anything else ({@code unknown}, an obfuscated {@code _name}, a host name) is no address.
 */
final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");
    private static final int NETWORK_BYTES = 8;

    private IpLiteral() {}

    /** The counting key of {@code node}, if it is an IP address with or without a port. */
    static Optional<String> key(String node) {
        String text = node.trim();
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            String rest = text.substring(end + 1);
            return rest.isEmpty() || PORT.matcher(rest).matches() ? ipv6(text.substring(1, end)) : Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return ipv4(text);
        }
        if (colon == text.lastIndexOf(':')) { // one colon: IPv4 with a port
            return PORT.matcher(text.substring(colon)).matches() ? ipv4(text.substring(0, colon)) : Optional.empty();
        }
        return ipv6(text);
    }

    private static Optional<String> ipv4(String text) {
        return IPV4.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }

    private static Optional<String> ipv6(String text) {
        // Only hex digits, colons and dots, starting with a digit or a colon, and at least one
        // colon: InetAddress then parses a literal and never asks DNS.
        if (!IPV6.matcher(text).matches() || text.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            if (!(address instanceof Inet6Address)) {
                return Optional.of(address.getHostAddress()); // ::ffff:192.0.2.7 is 192.0.2.7
            }
            byte[] network = address.getAddress();
            for (int i = NETWORK_BYTES; i < network.length; i++) {
                network[i] = 0;
            }
            return Optional.of(InetAddress.getByAddress(network).getHostAddress() + "/64");
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }
}
