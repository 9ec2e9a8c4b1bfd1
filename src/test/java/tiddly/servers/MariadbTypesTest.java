package tiddly.servers;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** MariaDB's types round-trip exactly through the JSON API (run with -Dtiddly.test.db=mariadb). */
class MariadbTypesTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withFixture("""
                    CREATE TABLE typed (
                        id BIGINT AUTO_INCREMENT PRIMARY KEY,
                        doc JSON, flag BOOLEAN, ident UUID, amount DECIMAL(40, 9),
                        local DATETIME(6), day DATE, bytes BLOB, label VARCHAR(5))""");

    @Test
    void everyTypeRoundTripsExactly() {
        String inserted = server.http()
                .body("""
                        {"doc": {"a": [1, 2.50, {"b": null}]}, "flag": true,
                         "ident": "5f0c6a8e-1d2b-4c3d-9e8f-0a1b2c3d4e5f",
                         "amount": 12345678901234567890.123456789,
                         "local": "2024-05-01T12:30:45.123456", "day": "2024-02-29",
                         "bytes": "AAEC/w==", "label": "short"}""")
                .when()
                .post("/typed")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        String read = server.http()
                .when()
                .get("/typed/1")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String expected = "{\"status\":\"success\",\"data\":{\"id\":1,\"doc\":{\"a\":[1,2.50,{\"b\":null}]},"
                + "\"flag\":true,\"ident\":\"5f0c6a8e-1d2b-4c3d-9e8f-0a1b2c3d4e5f\","
                + "\"amount\":12345678901234567890.123456789,\"local\":\"2024-05-01T12:30:45.123456\","
                + "\"day\":\"2024-02-29\",\"bytes\":\"AAEC/w==\",\"label\":\"short\"}}";
        assertEquals(expected, inserted);
        assertEquals(expected, read);
    }

    @Test
    void aTooLongValueIsA400() {
        server.http()
                .body("{\"label\": \"far too long\"}")
                .when()
                .post("/typed")
                .then()
                .statusCode(400)
                .body("code", equalTo("value_too_long"));
    }

    @Test
    void likeIsCaseSensitiveAndIlikeIsNot() {
        server.http()
                .body("{\"where\": {\"name\": {\"like\": \"alice\"}}}")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(0));
        server.http()
                .body("{\"where\": {\"name\": {\"ilike\": \"alice\"}}}")
                .when()
                .request("FETCH", "/user")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1));
    }
}
