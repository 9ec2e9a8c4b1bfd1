package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class CatalogTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample()
            .withFixture("CREATE VIEW recent AS SELECT id, title FROM book WHERE year > 2000")
            .withFixture("CREATE TABLE _private (id INTEGER PRIMARY KEY)");

    @Test
    void infoNamesTheServerAndDatabase() {
        server.http()
                .when()
                .get("/_info")
                .then()
                .statusCode(200)
                .body("data.name", equalTo("Tiddly"))
                .body("data.database", startsWith("SQLite 3."))
                .body("data.tables", equalTo(6));
    }

    @Test
    void schemaDescribesEveryExposedTable() {
        server.http()
                .when()
                .get("/_schema")
                .then()
                .statusCode(200)
                .body("data.name", contains("author", "book", "dual", "genre", "recent", "user"))
                .body("data.find { it.name == 'book' }.primary_key", contains("id"))
                .body("data.find { it.name == 'book' }.foreign_keys[0].references", equalTo("genre"))
                .body("data.find { it.name == 'book' }.columns.find { it.name == 'in_print' }.default", equalTo("1"))
                .body("data.find { it.name == 'book' }.columns.find { it.name == 'title' }.nullable", equalTo(false))
                .body("data.find { it.name == 'user' }.columns.find { it.name == 'password' }.hidden", equalTo(true))
                .body("data.find { it.name == 'recent' }.view", equalTo(true));
    }

    @Test
    void viewsCanBeReadButNotWritten() {
        server.http()
                .body("{\"limit\": 2}")
                .when()
                .request("FETCH", "/recent")
                .then()
                .statusCode(200)
                .body("data.id", contains(11, 13));
        server.http()
                .body("{\"title\": \"x\"}")
                .when()
                .post("/recent")
                .then()
                .statusCode(405)
                .header("Allow", "GET, FETCH, QUERY, OPTIONS")
                .body("code", equalTo("read_only_table"));
    }

    @Test
    void underscoreTablesAreNotExposed() {
        server.http().when().get("/_private").then().statusCode(404).body("code", equalTo("unknown_table"));
    }
}
