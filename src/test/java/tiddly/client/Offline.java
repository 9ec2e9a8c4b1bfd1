package tiddly.client;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * A client over a fixed schema (the sample's tables, plus two that refer to each other) whose
 * server is never asked: for the tests of what the client builds without a request.
 */
final class Offline {
    static final String SCHEMA = """
            [{"name": "author", "view": false, "primary_key": ["id"], "foreign_keys": [],
              "columns": [{"name": "id"}, {"name": "name"}, {"name": "born"}]},
             {"name": "book", "view": false, "primary_key": ["id"],
              "foreign_keys": [{"columns": ["genre"], "references": "genre", "referenced_columns": ["code"]},
                               {"columns": ["author_id"], "references": "author", "referenced_columns": ["id"]}],
              "columns": [{"name": "id"}, {"name": "title"}, {"name": "year"}, {"name": "author_id"},
                          {"name": "genre"}, {"name": "in_print"}]},
             {"name": "book_in_print", "view": true, "primary_key": [], "foreign_keys": [],
              "columns": [{"name": "id"}, {"name": "title"}]},
             {"name": "genre", "view": false, "primary_key": ["code"], "foreign_keys": [],
              "columns": [{"name": "code"}, {"name": "name"}]},
             {"name": "book_genre", "view": false, "primary_key": ["book_id", "genre"],
              "foreign_keys": [{"columns": ["book_id"], "references": "book", "referenced_columns": ["id"]}],
              "columns": [{"name": "book_id"}, {"name": "genre"}, {"name": "main"}]},
             {"name": "chicken", "view": false, "primary_key": ["id"],
              "foreign_keys": [{"columns": ["egg_id"], "references": "egg", "referenced_columns": ["id"]}],
              "columns": [{"name": "id"}, {"name": "egg_id"}]},
             {"name": "egg", "view": false, "primary_key": ["id"],
              "foreign_keys": [{"columns": ["chicken_id"], "references": "chicken", "referenced_columns": ["id"]}],
              "columns": [{"name": "id"}, {"name": "chicken_id"}]},
             {"name": "user", "view": false, "primary_key": ["id"], "foreign_keys": [],
              "columns": [{"name": "id"}, {"name": "name"}, {"name": "password", "hidden": true}]}]""";

    private Offline() {}

    static TiddlyClient client() {
        Transport nowhere =
                new Transport(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:9"), Auth.none(), Retry.never());
        return new TiddlyClient(nowhere, new ClientSchema(Json.parse(SCHEMA, "the test schema")));
    }

    /** A row as a query would return it. */
    static Row read(TiddlyClient client, String table, String json) {
        return Row.read(
                client,
                client.schema().table(table),
                Json.parse(json, "a test row").getAsJsonObject(),
                java.util.Optional.empty());
    }
}
