package tiddly.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * Tiddly-Position without read replicas (on every database: see pom.xml's server.tests): no answer
 * carries one, a well-formed one brought back changes nothing, a malformed one is a 400, and
 * browsers may send and read it. With replicas: {@code CrossInstanceReadsTest}.
 */
class PositionHeaderTest {
    private static final String INVALID =
            "a Tiddly-Position header is 16 hexadecimal digits, sent back as a write's answer gave it";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void withoutReadReplicasAWritesAnswerCarriesNoPosition() {
        server.http()
                .body("{\"name\": \"No position here\"}")
                .when()
                .post("/author")
                .then()
                .statusCode(201)
                .header("Tiddly-Position", nullValue());
    }

    @Test
    void aWellFormedPositionChangesNothingWithoutReadReplicas() {
        for (String position : new String[] {"0000000000000000", "00000000044a2818", "FFFFFFFFFFFFFFFF"}) {
            server.http()
                    .header("Tiddly-Position", position)
                    .when()
                    .get("/author/1")
                    .then()
                    .statusCode(200)
                    .body("data.id", equalTo(1));
        }
    }

    @Test
    void aMalformedPositionIsA400BeforeAnythingIsReadOrWritten() {
        for (String position : new String[] {"0/44A2818", "44A2818", "00000000044A28189", "zzzzzzzzzzzzzzzz", " "}) {
            server.http()
                    .header("Tiddly-Position", position)
                    .when()
                    .get("/author/1")
                    .then()
                    .statusCode(400)
                    .body("status", equalTo("error"))
                    .body("code", equalTo("invalid_position"))
                    .body("error", equalTo(INVALID));
        }
        server.http()
                .header("Tiddly-Position", "0/44A2818")
                .body("{\"name\": \"Never written\"}")
                .when()
                .post("/author")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_position"));
        server.http()
                .body("{\"where\": {\"name\": \"Never written\"}, \"count\": true}")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("count", equalTo(0));
    }

    @Test
    void browsersMaySendThePositionAndReadIt() {
        server.http()
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "tiddly-position")
                .when()
                .options("/author")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Headers", containsString("Tiddly-Position"));
        server.http()
                .header("Origin", "https://app.example")
                .when()
                .get("/author/1")
                .then()
                .statusCode(200)
                .header("Access-Control-Expose-Headers", containsString("Tiddly-Position"));
    }
}
