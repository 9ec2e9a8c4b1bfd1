package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** CSV output, and large results streamed row by row. */
class FormatsTest {
    private static final String BIG = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)"
            + " INSERT INTO big (id, label) SELECT i, 'row ' || i FROM n";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample(settings -> settings.withMaxLimit(100_000))
            .withFixture("CREATE TABLE big (id INTEGER PRIMARY KEY, label TEXT)")
            .withFixture(BIG)
            .withFixture("CREATE VIEW fragile AS SELECT id, CASE WHEN id = 40000 THEN json('not json') ELSE label END"
                    + " AS label FROM big");

    @Test
    void acceptCsvGivesRfc4180Csv() {
        server.http()
                .body("{\"text\": \"a, \\\"quoted\\\"\\nline\"}")
                .when()
                .post("/dual")
                .then()
                .statusCode(201);
        String csv = server.http()
                .header("Accept", "text/csv")
                .body("{}")
                .when()
                .request("FETCH", "/dual")
                .then()
                .statusCode(200)
                .contentType("text/csv")
                .extract()
                .asString();
        assertEquals("id,text\r\n1,X\r\n2,\"a, \"\"quoted\"\"\nline\"\r\n", csv);
        String get = server.http()
                .header("Accept", "text/csv")
                .when()
                .get("/user?select=id,email&id[lte]=5&orderby=id desc&limit=1")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals("id,email\r\n5,\r\n", get);
    }

    @Test
    void aLargeResultStreamsCompletely() {
        server.http()
                .body("{\"limit\": 50000}")
                .when()
                .request("FETCH", "/big")
                .then()
                .statusCode(200)
                .body("data", hasSize(50000))
                .body("data[49999].label", equalTo("row 50000"));
    }

    @Test
    void aRowOrASmallListIsSentWithItsLengthALargeListChunked() {
        var small = server.http().body("{\"limit\": 3}").when().request("FETCH", "/big");
        small.then().statusCode(200).body("data", hasSize(3));
        assertEquals(Integer.toString(small.asByteArray().length), small.header("Content-Length"));
        assertEquals(null, small.header("Transfer-Encoding"));

        var row = server.http().when().get("/big/7");
        row.then().statusCode(200).body("data.label", equalTo("row 7"));
        assertEquals(Integer.toString(row.asByteArray().length), row.header("Content-Length"));

        var large = server.http().body("{\"limit\": 5000}").when().request("FETCH", "/big");
        large.then().statusCode(200).body("data", hasSize(5000));
        assertEquals("chunked", large.header("Transfer-Encoding"));
        assertEquals(null, large.header("Content-Length"));
    }

    @Test
    void anErrorAfterTheFirstByteLeavesInvalidJsonNotAShortValidBody() throws IOException {
        String body = "{\"limit\": 50000}";
        String response;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("FETCH /fragile HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            response = readAll(socket.getInputStream());
        }
        assertTrue(response.startsWith("HTTP/1.1 200"), response.substring(0, 100));
        assertTrue(response.contains("\"label\":\"row 30000\""), "rows before the failing one were streamed");
        assertTrue(!response.endsWith("0\r\n\r\n"), "the chunked body must not end cleanly");
        String json = response.substring(response.indexOf("{\"status\""));
        assertThrows(RuntimeException.class, () -> JsonParser.parseString(json));
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (IOException connectionCut) {
            // what an aborted response looks like to a client
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
