package tiddly.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code for} parameter of each element of a {@code Forwarded} header (RFC 7239), left to
 * right: {@code for=192.0.2.60;proto=http, for="[2001:db8::17]:4711"} gives
 * {@code 192.0.2.60} and {@code [2001:db8::17]:4711}. An element without a {@code for}, or one
 * that does not parse, gives "" (a hop whose client is unknown), so positions still count hops.
 */
final class ForwardedHeader {
    private ForwardedHeader() {}

    static List<String> forNodes(String header) {
        List<String> nodes = new ArrayList<>();
        Reader reader = new Reader(header);
        while (true) {
            nodes.add(reader.element());
            if (!reader.next(',')) {
                return nodes;
            }
        }
    }

    /** Reads the header one element at a time; a malformed element is skipped to the next comma. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        /** The {@code for} value of the element that starts here; stops before its ending comma. */
        String element() {
            String node = "";
            boolean broken = false;
            do {
                skipSpaces();
                int equals = text.indexOf('=', at);
                String name =
                        equals < 0 ? "" : text.substring(at, equals).trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty() || name.indexOf(',') >= 0 || name.indexOf(';') >= 0 || name.indexOf('"') >= 0) {
                    broken = true;
                    break;
                }
                at = equals + 1;
                skipSpaces();
                String value = at < text.length() && text.charAt(at) == '"' ? quoted() : token();
                if (value == null) {
                    broken = true;
                    break;
                }
                if (name.equals("for")) {
                    node = value;
                }
                skipSpaces();
            } while (next(';'));
            if (broken || (at < text.length() && text.charAt(at) != ',')) {
                skipQuotedTo(',');
                return "";
            }
            return node;
        }

        /** Steps over {@code separator} if it comes next. */
        boolean next(char separator) {
            skipSpaces();
            if (at < text.length() && text.charAt(at) == separator) {
                at++;
                return true;
            }
            return false;
        }

        private String token() {
            int start = at;
            while (at < text.length() && ",; \t\"".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return text.substring(start, at);
        }

        /** A quoted-string's content, its backslash escapes undone; null when it does not end. */
        private String quoted() {
            StringBuilder value = new StringBuilder();
            for (at++; at < text.length(); at++) {
                char c = text.charAt(at);
                if (c == '"') {
                    at++;
                    return value.toString();
                }
                if (c == '\\' && at + 1 < text.length()) {
                    at++;
                    c = text.charAt(at);
                }
                value.append(c);
            }
            return null;
        }

        private void skipQuotedTo(char stop) {
            boolean quoted = false;
            for (; at < text.length(); at++) {
                char c = text.charAt(at);
                if (c == '\\' && quoted) {
                    at++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == stop && !quoted) {
                    return;
                }
            }
        }

        private void skipSpaces() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }
    }
}
