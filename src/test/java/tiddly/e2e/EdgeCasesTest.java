package tiddly.e2e;

import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** Bugs found by running the documentation's examples, each kept fixed by a test. */
class EdgeCasesTest {
    @RegisterExtension
    final TiddlyServer impatient = TiddlyServer.sample(settings -> settings.withIdleTimeout(Duration.ofSeconds(1)));

    @RegisterExtension
    final TiddlyServer readOnly = TiddlyServer.sample(settings -> settings.withAnonymous(false, true))
            .withConfigText("{\"auth\": {\"api_keys\": {\"k1-0123456789abcdef\": \"admin\"}}}");

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE loose (id INTEGER PRIMARY KEY, x ANY) STRICT")
            .withFixture("CREATE TABLE shelf (id INTEGER PRIMARY KEY)")
            .withFixture("CREATE TABLE slot (id INTEGER PRIMARY KEY,"
                    + " shelf_id INTEGER NOT NULL REFERENCES shelf ON DELETE SET NULL)")
            .withFixture("INSERT INTO shelf VALUES (1)")
            .withFixture("INSERT INTO slot VALUES (1, 1)");

    @Test
    void headAnswersLikeGetWithoutABody() {
        RestAssured.given()
                .port(server.port())
                .when()
                .head("/user/1")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body(emptyString());
        RestAssured.given().port(server.port()).when().head("/user/99").then().statusCode(404);
        RestAssured.given().port(server.port()).when().head("/nope").then().statusCode(404);
    }

    @Test
    void aTextKeyIsRequiredOnInsert() {
        server.http()
                .body("{\"name\": \"Poetry\"}")
                .when()
                .post("/genre")
                .then()
                .statusCode(400)
                .body("error", equalTo("column 'code' is required"));
    }

    @Test
    void anyColumnsOfStrictTablesTakeAnyScalar() {
        server.http()
                .body("{\"x\": \"abc\"}")
                .when()
                .post("/loose")
                .then()
                .statusCode(201)
                .body("data.x", equalTo("abc"));
        server.http()
                .body("{\"x\": 1.5}")
                .when()
                .post("/loose")
                .then()
                .statusCode(201)
                .body("data.x", equalTo(1.5f));
    }

    @Test
    void aCascadeFailureNamesTheTableItFailedIn() {
        server.http()
                .when()
                .delete("/shelf/1")
                .then()
                .statusCode(400)
                .body("code", equalTo("not_null_violation"))
                .body("error", equalTo("column 'shelf_id' of 'slot' may not be null"));
    }

    @Test
    void twoParametersForOneColumnAndOperatorAre400() {
        server.http()
                .when()
                .get("/author?id=1&id[eq]=2")
                .then()
                .statusCode(400)
                .body("error", equalTo("query parameters give column 'id' the operator 'eq' twice"));
    }

    @Test
    void aMalformedEscapeInTheUrlIs400() {
        server.http().when().get("/book/%zz").then().statusCode(400).body("status", equalTo("error"));
    }

    @Test
    void corsHeadersComeWithErrorsAndPreflightsFitThePath() {
        server.http()
                .header("Origin", "https://app.example")
                .header("X-HTTP-Method-Override", "DELETE")
                .when()
                .post("/book/1")
                .then()
                .statusCode(400)
                .header("Access-Control-Allow-Origin", "*");
        RestAssured.given()
                .port(server.port())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "PUT")
                .when()
                .options("/book/1")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Methods", "GET, PUT, DELETE, OPTIONS");
    }

    @Test
    void aBodyThatStallsIsCutOffAfterTheIdleTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", impatient.port())) {
            socket.setSoTimeout(60_000); // a bound for the failure only: the answer is awaited, not a time
            OutputStream out = socket.getOutputStream();
            out.write("POST /dual HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = answer(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 408") || response.startsWith("HTTP/1.1 400"), response);
            assertTrue(response.contains("\"status\":\"error\""), response);
        }
    }

    /**
     * The server's answer, read as it comes (each read waits for it) until its envelope has ended
     * (chunked or not) or the server closed the connection.
     */
    private static String answer(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        int read;
        while (!ended(text) && (read = in.read(buffer)) > 0) {
            text.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
        }
        return text.toString();
    }

    private static boolean ended(StringBuilder text) {
        String answer = text.toString();
        return answer.contains("\"status\":\"error\"") && (answer.endsWith("}") || answer.endsWith("}\r\n0\r\n\r\n"));
    }

    @Test
    void anonymousReadOnlyLetsEveryoneReadAndNobodyWrite() {
        readOnly.http().when().get("/book/1").then().statusCode(200);
        readOnly.http()
                .header("X-API-Key", "k1-0123456789abcdef")
                .when()
                .get("/book/1")
                .then()
                .statusCode(200);
        readOnly.http().body("{\"text\": \"x\"}").when().post("/dual").then().statusCode(401);
        readOnly.http()
                .header("X-API-Key", "k1-0123456789abcdef")
                .body("{\"text\": \"x\"}")
                .when()
                .post("/dual")
                .then()
                .statusCode(403);
    }
}
