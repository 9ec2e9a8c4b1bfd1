package tiddly.servers;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** PostgreSQL's own types round-trip exactly through the JSON API (run with -Dtiddly.test.db=postgres). */
class PostgresTypesTest {
    private static final String ROW = """
            {"doc": {"a": [1, 2.50, {"b": null}], "big": 12345678901234567890123},
             "flag": true,
             "ident": "5f0c6a8e-1d2b-4c3d-9e8f-0a1b2c3d4e5f",
             "amount": 12345678901234567890.123456789,
             "at": "2024-05-01T12:30:45.123456Z",
             "local": "2024-05-01T12:30:45",
             "day": "2024-02-29", "clock": "12:30:45.123456", "bits": "101",
             "tags": ["x", "y \\"quoted\\"", null],
             "scores": [1, 2, 3],
             "bytes": "AAEC/w==",
             "plain": {"json": "kept as text"}}""";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("""
                    CREATE TABLE typed (
                        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        doc jsonb, flag boolean, ident uuid, amount numeric(40, 9),
                        at timestamptz, local timestamp, day date, clock time, bits bit(3),
                        tags text[], scores integer[], bytes bytea, plain json)""")
            .withFixture("CREATE VIEW modern AS SELECT id, title, year, author_id FROM book WHERE year >= 2000")
            .withFixture("CREATE VIEW per_author AS SELECT author_id, count(*) AS books FROM book GROUP BY author_id");

    @Test
    void everyTypeRoundTripsExactly() {
        String inserted = server.http()
                .body(ROW)
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
        String expected = "{\"status\":\"success\",\"data\":{\"id\":1,"
                + "\"doc\":{\"a\": [1, 2.50, {\"b\": null}], \"big\": 12345678901234567890123},"
                + "\"flag\":true,\"ident\":\"5f0c6a8e-1d2b-4c3d-9e8f-0a1b2c3d4e5f\","
                + "\"amount\":12345678901234567890.123456789,\"at\":\"2024-05-01T12:30:45.123456Z\","
                + "\"local\":\"2024-05-01T12:30:45\",\"day\":\"2024-02-29\",\"clock\":\"12:30:45.123456\","
                + "\"bits\":\"101\","
                + "\"tags\":[\"x\",\"y \\\"quoted\\\"\",null],\"scores\":[1,2,3],\"bytes\":\"AAEC/w==\","
                + "\"plain\":{\"json\":\"kept as text\"}}}";
        assertEquals(expected, inserted);
        assertEquals(expected, read);
    }

    @Test
    void typedValuesFilterAsTheirType() {
        server.http().body(ROW).when().post("/typed").then().statusCode(201);
        server.http()
                .body("""
                        {"where": {"ident": "5F0C6A8E-1D2B-4C3D-9E8F-0A1B2C3D4E5F",
                                   "at": {"gt": "2024-05-01T14:00:00+02:00"},
                                   "amount": 12345678901234567890.123456789}}""")
                .when()
                .request("FETCH", "/typed")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1));
    }

    @Test
    void aWrongTypedValueIsA400NamingTheColumn() {
        server.http()
                .body("{\"ident\": \"not-a-uuid\", \"at\": \"yesterday\", \"scores\": [\"x\"]}")
                .when()
                .post("/typed")
                .then()
                .statusCode(400)
                .body("details.ident", equalTo("expects a UUID string, got \"not-a-uuid\""))
                .body("details.at", equalTo("expects an ISO-8601 date-time with offset, got \"yesterday\""));
        server.http()
                .body("{\"scores\": [\"x\"]}")
                .when()
                .post("/typed")
                .then()
                .statusCode(400)
                .body("code", equalTo("type_mismatch"));
    }

    @Test
    void anIdentityAlwaysColumnCannotBeWritten() {
        server.http()
                .body("{\"id\": 7}")
                .when()
                .post("/typed")
                .then()
                .statusCode(400)
                .body("code", equalTo("type_mismatch"));
    }

    @Test
    void anUpdatableViewIsWrittenThroughAndAnAggregateViewIsReadOnly() {
        server.http()
                .body("{\"id\": 100, \"title\": \"Through the view\", \"year\": 2020, \"author_id\": 1}")
                .when()
                .post("/modern")
                .then()
                .statusCode(201)
                .body("data.title", equalTo("Through the view"));
        server.http().when().get("/book/100").then().statusCode(200).body("data.title", equalTo("Through the view"));
        server.http()
                .body("{\"where\": {\"id\": 100}, \"set\": {\"year\": 2021}}")
                .when()
                .put("/modern")
                .then()
                .statusCode(200)
                .body("data.updated", equalTo(1));
        server.http()
                .body("{\"author_id\": 1, \"books\": 3}")
                .when()
                .post("/per_author")
                .then()
                .statusCode(405)
                .body("code", equalTo("read_only_table"));
    }
}
