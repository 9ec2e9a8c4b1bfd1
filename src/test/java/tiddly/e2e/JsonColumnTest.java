package tiddly.e2e;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.SseClient;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * A column declared JSON holds any JSON value and answers it as JSON, on SQLite (where its
 * affinity is NUMERIC) as on PostgreSQL's json and MariaDB's JSON: in every answer, with text
 * another program stored that is not JSON coming back as a string.
 */
class JsonColumnTest {
    private static final String DOCUMENT = "{\"color\":\"red\",\"n\":[1,2.50],\"ok\":true}";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withFixture("""
                    CREATE TABLE doc (id INTEGER PRIMARY KEY, meta JSON, author_id BIGINT,
                                      FOREIGN KEY (author_id) REFERENCES author (id))""");

    private ValidatableResponse post(String body) {
        return server.http().body(body).when().post("/doc").then();
    }

    private void insertEveryKind() {
        post("{\"id\": 1, \"meta\": " + DOCUMENT + ", \"author_id\": 1}").statusCode(201);
        post("{\"id\": 2, \"meta\": [\"sf\", 3]}").statusCode(201);
        post("{\"id\": 3, \"meta\": \"just text\"}").statusCode(201);
        post("{\"id\": 4, \"meta\": 7}").statusCode(201);
        post("{\"id\": 5, \"meta\": false}").statusCode(201);
        post("{\"id\": 6, \"meta\": null}").statusCode(201);
    }

    @Test
    void anObjectWrittenIntoAJsonColumnComesBackAsTheSameObject() {
        String created = post("{\"id\": 1, \"meta\": " + DOCUMENT + "}")
                .statusCode(201)
                .extract()
                .asString();
        String expected = "{\"status\":\"success\",\"data\":{\"id\":1,\"meta\":" + DOCUMENT + ",\"author_id\":null}}";
        assertEquals(expected, created);
        assertEquals(
                expected,
                server.http()
                        .when()
                        .get("/doc/1")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        server.http()
                .body("{\"meta\": {\"tags\": [\"a\"]}}")
                .when()
                .put("/doc/1")
                .then()
                .statusCode(200)
                .body("data.meta.tags", contains("a"));
    }

    @Test
    void everyKindOfJsonValueIsAValueAndTheSchemaSaysJson() {
        insertEveryKind();
        server.http()
                .when()
                .get("/doc?orderby=id")
                .then()
                .statusCode(200)
                .body("data[0].meta.color", equalTo("red"))
                .body("data[0].meta.n", contains(1, 2.5f))
                .body("data[1].meta", contains("sf", 3))
                .body("data.meta[2]", equalTo("just text"))
                .body("data.meta[3]", equalTo(7))
                .body("data.meta[4]", equalTo(false))
                .body("data.meta[5]", equalTo(null));
        server.http()
                .when()
                .get("/_schema")
                .then()
                .statusCode(200)
                .body("data.find { it.name == 'doc' }.columns.find { it.name == 'meta' }.json_type", equalTo("json"));
    }

    @Test
    void embedsBatchesExportsPagesAndEventsCarryTheJsonValue() {
        try (SseClient events = SseClient.get(server.port(), "/doc")) {
            events.ready();
            insertEveryKind();
            SseClient.Event insert = events.next("insert");
            assertEquals(JsonParser.parseString(DOCUMENT), insert.row().get("meta"), insert.data());
        }
        server.http()
                .body("{\"where\": {\"id\": 1}, \"embed\": [\"doc\"]}")
                .when()
                .request("FETCH", "/author")
                .then()
                .statusCode(200)
                .body("data[0].doc[0].meta.color", equalTo("red"));
        server.http()
                .body("""
                        [{"method": "POST", "table": "doc", "body": {"id": 7, "meta": {"a": [1]}}},
                         {"method": "FETCH", "table": "doc", "body": {"where": {"id": 2}}},
                         {"method": "POST", "table": "doc", "body": {"id": 8, "meta": {"$ref": "0.meta"}}}]""")
                .when()
                .post("/_batch")
                .then()
                .statusCode(200)
                .body("data[0].data.meta.a", contains(1))
                .body("data[1].data[0].meta", contains("sf", 3))
                .body("data[2].data.meta.a", contains(1));
        String csv = server.http()
                .accept("text/csv")
                .when()
                .get("/doc?select=id,meta&id[lte]=4&orderby=id")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                "id,meta\r\n1,\"{\"\"color\"\":\"\"red\"\",\"\"n\"\":[1,2.50],\"\"ok\"\":true}\"\r\n"
                        + "2,\"[\"\"sf\"\",3]\"\r\n3,\"\"\"just text\"\"\"\r\n4,7\r\n",
                csv);
        String ndjson = server.http()
                .accept("application/x-ndjson")
                .when()
                .get("/doc?select=id,meta&id[lte]=2&orderby=id")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals("{\"id\":1,\"meta\":" + DOCUMENT + "}\n{\"id\":2,\"meta\":[\"sf\",3]}\n", ndjson);
        server.http()
                .accept("text/html")
                .when()
                .get("/doc/1")
                .then()
                .statusCode(200)
                .body(containsString("{&quot;color&quot;:&quot;red&quot;"));
    }

    @Test
    void textThatIsNotJsonComesBackAsAJsonString() {
        assumeTrue(server.database() == TestDatabase.SQLITE, "only SQLite stores text in a JSON column unchecked");
        server.execute("INSERT INTO doc (id, meta) VALUES (1, 'not {json'), (2, '{\"pretty\": [1, 2]}'),"
                + " (3, '{\"color\": \"red\"}')");
        String read = server.http()
                .when()
                .get("/doc?select=id,meta&orderby=id")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                "{\"status\":\"success\",\"data\":[{\"id\":1,\"meta\":\"not {json\"},"
                        + "{\"id\":2,\"meta\":{\"pretty\": [1, 2]}},{\"id\":3,\"meta\":{\"color\": \"red\"}}]}",
                read);
        server.http()
                .body("{\"select\": [\"id\"], \"where\": {\"meta\": {\"path\": [\"color\"], \"eq\": \"red\"}}}")
                .when()
                .request("FETCH", "/doc")
                .then()
                .statusCode(200)
                .body("data.id", contains(3));
    }

    @Test
    void pathAndContainsFiltersWorkAndAWholeDocumentIsNeverCompared() {
        insertEveryKind();
        server.http()
                .body("{\"select\": [\"id\"], \"where\": {\"meta\": {\"path\": [\"n\", 1], \"gt\": 2}}}")
                .when()
                .request("FETCH", "/doc")
                .then()
                .statusCode(200)
                .body("data.id", contains(1));
        server.http()
                .body("{\"select\": [\"id\"], \"where\": {\"meta\": {\"contains\": {\"ok\": true}}}}")
                .when()
                .request("FETCH", "/doc")
                .then()
                .statusCode(200)
                .body("data.id", contains(1));
        server.http()
                .body("{\"select\": [\"id\"], \"where\": {\"meta\": {\"is\": null}}}")
                .when()
                .request("FETCH", "/doc")
                .then()
                .statusCode(200)
                .body("data.id", contains(6));
        for (String where : new String[] {
            "{\"meta\": 7}",
            "{\"meta\": {\"eq\": \"just text\"}}",
            "{\"meta\": {\"gt\": 1}}",
            "{\"meta\": {\"in\": [7]}}"
        }) {
            server.http()
                    .body("{\"where\": " + where + "}")
                    .when()
                    .request("FETCH", "/doc")
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("invalid_body"))
                    .body("error", startsWith("operator '"))
                    .body("error", containsString("does not compare the JSON column 'meta' as a whole"));
        }
        server.http()
                .when()
                .get("/doc?meta=7")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_body"))
                .body(
                        "error",
                        equalTo("operator 'eq' does not compare the JSON column 'meta' as a whole; compare a value"
                                + " inside it, {\"path\": [\"color\"], \"eq\": \"red\"}, or match members with"
                                + " {\"contains\": {\"color\": \"red\"}}"));
    }

    @Test
    void aCsvFieldOfAJsonColumnIsParsedAndTextThatIsNotJsonIsRejectedWithItsLine() {
        server.http()
                .contentType("text/csv")
                .body(
                        "id,meta\r\n1,\"{\"\"color\"\":\"\"red\"\"}\"\r\n2,not json\r\n3,\"\"\"text\"\"\"\r\n4,\r\n5,{bad\r\n")
                .when()
                .post("/doc")
                .then()
                .statusCode(200)
                .body("data.inserted", equalTo(3))
                .body("data.rejections.line", contains(3, 6))
                .body("data.rejections.code", contains("invalid_record", "invalid_record"))
                .body("data.rejections[0].error", startsWith("line 3 has field 'meta', which is not valid JSON"))
                .body("data.rejections[1].error", startsWith("line 6 has field 'meta', which is not valid JSON"));
        server.http()
                .when()
                .get("/doc?orderby=id")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 3, 4))
                .body("data[0].meta.color", equalTo("red"))
                .body("data.meta[1]", equalTo("text"))
                .body("data.meta[2]", equalTo(null));
    }

    @Test
    void aCursorPagesThroughRowsOrderedByTheWholeDocumentOnce() {
        assumeTrue(server.database() != TestDatabase.POSTGRES, "PostgreSQL's json has no order");
        insertEveryKind();
        List<Integer> seen = new ArrayList<>();
        String cursor = "";
        do {
            JsonPath page = server.http()
                    .when()
                    .get("/doc?select=id&orderby=meta&limit=2" + (cursor.isEmpty() ? "" : "&cursor=" + cursor))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("data.id", Integer.class));
            cursor = page.getString("next") == null ? "" : page.getString("next");
        } while (!cursor.isEmpty() && seen.size() <= 6);
        Collections.sort(seen);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), seen);
    }

    @Test
    void anOrderByAJsonColumnThePostgresJsonTypeCannotSortIsAClientErrorNotA500() {
        assumeTrue(server.database() == TestDatabase.POSTGRES, "PostgreSQL's json has no order");
        insertEveryKind();
        server.http()
                .when()
                .get("/doc?orderby=meta")
                .then()
                .statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)))
                .body("status", equalTo("error"));
    }

    @Test
    void aNumberNoDoubleHoldsIsOutOfRange() {
        post("{\"id\": 1, \"meta\": 1e400}")
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("details.meta", equalTo("is out of range: 1E+400"));
        post("{\"id\": 1, \"meta\": {\"big\": 12345678901234567890123}}").statusCode(201);
        assertTrue(
                server.http().when().get("/doc/1").then().extract().asString().contains("12345678901234567890123"));
    }
}
