package tiddly.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, for requests that an HTTP client library would tidy up: the
 * request target is sent exactly as given (so the test decides every percent escape), header
 * values go out as their UTF-8 bytes, and any method name is allowed. One request per connection.
 */
public final class RawHttp {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*([0-9]+)\\s*$");

    private final int port;
    private final int timeoutMillis;

    public RawHttp(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** A response: status, headers (names in lower case) and the body, de-chunked. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * @param target the request target as it goes on the wire, such as {@code /book/%27?x=1}
     * @param headers sent in order after Host, Connection and Content-Length
     * @param body sent as its UTF-8 bytes; null for no body
     */
    public Answer send(String method, String target, Map<String, String> headers, String body) {
        return sendBytes(method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #send(String, String, Map, String)}, with the body's bytes exactly as given. */
    public Answer sendBytes(String method, String target, Map<String, String> headers, byte[] body) {
        byte[] content = body == null ? new byte[0] : body;
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(port)
                .append("\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(content);
                out.flush();
            } catch (IOException refusedEarly) {
                // the server may answer (414, 431, 413) and close before the rest is sent: read what it said
            }
            InputStream in = socket.getInputStream();
            // Jetty keeps a CONNECT's connection open whatever the request says; closing early
            // otherwise could cut the server off mid-send, which it logs.
            return parse(method.equals("CONNECT") ? readContent(in) : in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + abbreviated(target) + " got no answer", e);
        }
    }

    /** The response's bytes up to the end of its Content-Length when it has one, else of the stream. */
    private static byte[] readContent(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        byte[] headEnd = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int n; (n = in.read(buffer)) >= 0; ) {
            received.write(buffer, 0, n);
            byte[] sofar = received.toByteArray();
            int end = indexOf(sofar, headEnd, 0);
            if (end >= 0) {
                Matcher length = CONTENT_LENGTH.matcher(new String(sofar, 0, end, StandardCharsets.ISO_8859_1));
                if (length.find() && sofar.length >= end + 4 + Long.parseLong(length.group(1))) {
                    break;
                }
            }
        }
        return received.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new IllegalStateException(
                    "not an HTTP response: " + abbreviated(new String(raw, StandardCharsets.UTF_8)));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, length);
            at = lineEnd + 2 + length + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** Percent-encodes every byte of {@code text}'s UTF-8 except the unreserved characters of RFC 3986. */
    public static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
