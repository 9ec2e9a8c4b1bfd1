package tiddly.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads a request body as UTF-8 text, refusing one over the limit before it is buffered: by its
 * Content-Length when it has one, and by counting when it is chunked.
 */
final class BodyReader {
    private BodyReader() {}

    static String read(ServletRequest request, long maxBytes) {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw HttpException.bodyTooLarge(maxBytes);
        }
        if (declared == 0) {
            return "";
        }
        // Spark's wrapper would buffer the whole body first; read Jetty's stream instead.
        ServletRequest raw = request instanceof ServletRequestWrapper wrapper ? wrapper.getRequest() : request;
        byte[] bytes;
        try {
            bytes = declared > 0
                    ? readExactly(raw.getInputStream(), (int) declared)
                    : readAtMost(raw.getInputStream(), maxBytes);
        } catch (IOException clientGone) {
            throw HttpException.incompleteBody();
        } catch (BadMessageException tooSlow) {
            throw HttpException.bodyTooSlow(tooSlow.getCode());
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpException.notUtf8();
        }
    }

    /** A body with a Content-Length: one buffer of that size (the limit was checked before). */
    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw HttpException.incompleteBody();
        }
        return bytes;
    }

    /** A chunked body: read until the end, or until it passes the limit. */
    private static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 8));
        if (bytes.length == maxBytes && in.read() != -1) {
            throw HttpException.bodyTooLarge(maxBytes);
        }
        return bytes;
    }
}
