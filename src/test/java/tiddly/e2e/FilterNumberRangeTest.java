package tiddly.e2e;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/**
 * Numbers a double cannot hold (1e400 overflows, 1e-400 would become 0) in filters: a 400 naming
 * the column, in a column filter and inside JSON, with every operator, the same on SQLite,
 * PostgreSQL and MariaDB; never a filter that silently matches nothing, or matches 0.
 */
class FilterNumberRangeTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE TABLE reading (id INTEGER PRIMARY KEY, value DOUBLE PRECISION, n INTEGER, meta JSON)")
            .withFixture("""
                    INSERT INTO reading VALUES
                    (1, 0, 0, '{"v": 0, "tags": [0, 2]}'),
                    (2, 1.5, 2, '{"v": 1.5, "tags": [2]}')""");

    private ValidatableResponse fetch(String where) {
        return server.http()
                .body("{\"where\": " + where + ", \"select\": [\"id\"]}")
                .when()
                .request("FETCH", "/reading")
                .then();
    }

    private void refused(String where, String error) {
        fetch(where).statusCode(400).body("code", equalTo("invalid_value")).body("error", equalTo(error));
    }

    private static String insideJson(String shown) {
        return "column 'meta' is out of range inside JSON: " + shown
                + "; numbers in a filter must fit a double (at most about 1.8e308 either side of 0,"
                + " and 0 or at least about 4.9e-324 away from it)";
    }

    @Test
    void aNumberBeyondADoubleInsideJsonIs400WithEveryOperator() {
        for (String operator : new String[] {"eq", "ne", "gt", "gte", "lt", "lte"}) {
            refused("{\"meta\": {\"path\": [\"v\"], \"" + operator + "\": 1e400}}", insideJson("1E+400"));
            refused("{\"meta\": {\"path\": [\"v\"], \"" + operator + "\": -1e400}}", insideJson("-1E+400"));
        }
        refused("{\"meta\": {\"path\": [\"tags\"], \"contains\": [2, 1e400]}}", insideJson("1E+400"));
        refused("{\"meta\": {\"contains\": {\"v\": 1e400}}}", insideJson("1E+400"));
    }

    @Test
    void aNonZeroNumberTooSmallForADoubleInsideJsonIs400RatherThanZero() {
        refused("{\"meta\": {\"path\": [\"v\"], \"eq\": 1e-400}}", insideJson("1E-400"));
        refused("{\"meta\": {\"path\": [\"v\"], \"lt\": -1e-400}}", insideJson("-1E-400"));
        refused("{\"meta\": {\"path\": [\"tags\"], \"contains\": 1e-400}}", insideJson("1E-400"));
    }

    @Test
    void aNumberBeyondADoubleInAColumnFilterIs400WithEveryOperator() {
        for (String operator : new String[] {"eq", "ne", "gt", "gte", "lt", "lte"}) {
            refused("{\"value\": {\"" + operator + "\": 1e400}}", "column 'value' is out of range: 1E+400");
            refused("{\"value\": {\"" + operator + "\": 1e-400}}", "column 'value' is out of range: 1E-400");
            refused("{\"n\": {\"" + operator + "\": 1e400}}", "column 'n' is out of range: 1E+400");
        }
        refused("{\"value\": {\"in\": [1.5, 1e400]}}", "column 'value' is out of range: 1E+400");
        refused("{\"value\": {\"nin\": [1e-400]}}", "column 'value' is out of range: 1E-400");
        server.http()
                .when()
                .get("/reading?value=1e-400")
                .then()
                .statusCode(400)
                .body("error", equalTo("column 'value' is out of range: '1e-400'"));
    }

    @Test
    void aNonZeroNumberTooSmallForADoubleIsNotWrittenAsZero() {
        server.http()
                .body("{\"id\": 3, \"value\": 1e-400}")
                .when()
                .post("/reading")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_value"))
                .body("error", equalTo("column 'value' is out of range: 1E-400"));
        fetch("{\"id\": 3}").statusCode(200).body("data.id", containsInAnyOrder());
    }

    @Test
    void minusZeroIsZeroAndTheSmallestDoubleIsStillANumber() {
        fetch("{\"value\": {\"eq\": -0}}").statusCode(200).body("data.id", containsInAnyOrder(1));
        fetch("{\"value\": {\"eq\": -0.0}}").statusCode(200).body("data.id", containsInAnyOrder(1));
        fetch("{\"meta\": {\"path\": [\"v\"], \"eq\": -0}}").statusCode(200).body("data.id", containsInAnyOrder(1));
        fetch("{\"meta\": {\"path\": [\"v\"], \"eq\": -0.0}}").statusCode(200).body("data.id", containsInAnyOrder(1));
        fetch("{\"meta\": {\"path\": [\"v\"], \"gt\": 5e-324}}").statusCode(200).body("data.id", containsInAnyOrder(2));
        fetch("{\"meta\": {\"path\": [\"v\"], \"lt\": 1e308}}")
                .statusCode(200)
                .body("data.id", containsInAnyOrder(1, 2));
    }

    @Test
    void notANumberIsRefusedWhereverItIsSpelled() {
        fetch("{\"value\": {\"eq\": NaN}}").statusCode(400).body("code", equalTo("invalid_json"));
        fetch("{\"meta\": {\"path\": [\"v\"], \"eq\": Infinity}}")
                .statusCode(400)
                .body("code", equalTo("invalid_json"));
        refused("{\"value\": {\"eq\": \"NaN\"}}", "column 'value' expects a number, got \"NaN\"");
        for (String text : new String[] {"NaN", "Infinity", "-Infinity", "1e400"}) {
            server.http()
                    .when()
                    .get("/reading?value=" + text)
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("invalid_value"));
        }
        // inside JSON, "NaN" is a string: it only matches the string "NaN"
        fetch("{\"meta\": {\"path\": [\"v\"], \"eq\": \"NaN\"}}")
                .statusCode(200)
                .body("data.id", containsInAnyOrder());
    }
}
