package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * A CSV or NDJSON import only inserts. It ignored its query string, so {@code ?on_conflict=update}
 * imported nothing and listed every existing row as a unique_violation, with a 200.
 */
class ImportParametersTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void anImportWithOnConflictIsRefusedAndNamesTheParameter() {
        server.http()
                .contentType("text/csv")
                .queryParam("on_conflict", "update")
                .body("code,name\nsf,Speculative fiction\nnew,New\n")
                .when()
                .post("/genre")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body(
                        "error",
                        equalTo("an import (a CSV or NDJSON body) takes no query parameter, not 'on_conflict':"
                                + " it only inserts; send the rows as a JSON array for on_conflict"));
        assertEquals(0, ((Number) server.scalar("SELECT count(*) FROM genre WHERE code = 'new'")).intValue());
    }

    @Test
    void anNdjsonImportWithAnyParameterIsRefused() {
        server.http()
                .contentType("application/x-ndjson")
                .queryParam("foo", "1")
                .body("{\"code\": \"new\", \"name\": \"New\"}\n".getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/genre")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"));
    }
}
