package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.RestAssured;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tiddly.testing.JarProcess;

/**
 * An NDJSON import holds at most --max-body characters of a line, however long the line: the jar
 * runs with a 64 MB heap and is sent a line of 256 MB. Before the fix the line was read whole
 * (BufferedReader.readLine) before its length was checked: OutOfMemoryError, a 500.
 */
class ImportMemoryIT {
    private static final long LINE = 256L * 1024 * 1024;

    @TempDir
    Path folder;

    @Test
    void anNdjsonLineFarLongerThanTheHeapIsRejectedWithoutHoldingIt() throws Exception {
        try (JarProcess jar = JarProcess.start(List.of("-Xmx64m"), folder, "--port", "0")) {
            RestAssured.given()
                    .port(jar.port())
                    .header("Content-Type", "application/x-ndjson; charset=utf-8")
                    .body(new LongLine())
                    .when()
                    .post("/book")
                    .then()
                    .statusCode(200)
                    .body("data.inserted", equalTo(1))
                    .body("data.rejections.line", contains(1))
                    .body(
                            "data.rejections[0].error",
                            equalTo("line 1 is longer than the maximum of 1048576 characters"));
        }
    }

    /** {"title": "xxx…(256 MB)…"} and a line that imports, made as they are read. */
    private static final class LongLine extends InputStream {
        private final byte[] head = "{\"title\": \"".getBytes(StandardCharsets.UTF_8);
        private final byte[] tail =
                "\", \"author_id\": 1}\n{\"title\": \"After\", \"author_id\": 1}\n".getBytes(StandardCharsets.UTF_8);
        private long at;

        @Override
        public int read() {
            long total = head.length + LINE + tail.length;
            if (at >= total) {
                return -1;
            }
            long i = at++;
            if (i < head.length) {
                return head[(int) i];
            }
            return i < head.length + LINE ? 'x' : tail[(int) (i - head.length - LINE)];
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            long total = head.length + LINE + tail.length;
            if (at >= total) {
                return -1;
            }
            int n = 0;
            while (n < length && at < total) {
                if (at >= head.length && at < head.length + LINE) {
                    int run = (int) Math.min(length - n, head.length + LINE - at);
                    java.util.Arrays.fill(bytes, offset + n, offset + n + run, (byte) 'x');
                    n += run;
                    at += run;
                } else {
                    bytes[offset + n++] = (byte) read();
                }
            }
            return n;
        }
    }
}
