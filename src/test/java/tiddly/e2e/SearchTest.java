package tiddly.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.sql.Engine;
import tiddly.sql.SearchIndexes;
import tiddly.testing.TestDatabase;
import tiddly.testing.TiddlyServer;

/**
 * Full-text search on a fixed corpus, the same answers on SQLite, PostgreSQL and MariaDB: every
 * case of the query language, ranking, snippets, rules, hidden columns and bad queries.
 */
class SearchTest {
    private static final String CONFIG = """
            {
              "auth": {"api_keys": {"alice-key-0123456789abcdef": "alice", "carol-key-0123456789abcdef": "carol",
                "writer-key-0123456789abcdef": "writer"}},
              "rules": {
                "anon": {"story": {"read": true}},
                "alice": {"story": {"read": {"where": {"owner": "$auth.role"}}}},
                "carol": {"story": {"read": true, "hidden": ["body"]}},
                "writer": {"story": {"read": true, "insert": true, "update": true, "delete": true}}
              }
            }""";

    @RegisterExtension
    final TiddlyServer server = withIndexes(TiddlyServer.sample()
            .withFixture("CREATE TABLE story (id INTEGER PRIMARY KEY, title TEXT, body TEXT, owner TEXT, secret TEXT)")
            .withFixture("""
                    INSERT INTO story VALUES
                    (1, 'Dune', 'desert spice desert worms desert sand', 'alice', 'melange'),
                    (2, 'Dune Messiah', 'desert emperor spice prophet desert throne', 'alice', 'golden'),
                    (3, 'Foundation', 'galactic empire psychohistory mathematician robots seldon', 'bob', 'mule'),
                    (4, 'Foundation and Empire', 'galactic empire mule mathematician second foundation', 'bob', 'x'),
                    (5, 'Hyperion', 'pilgrims shrike time tombs desert hegemony', 'bob', 'x'),
                    (6, 'Neuromancer', 'cyberspace hacker matrix console cowboy sprawl', 'bob', 'x')""")
            .withConfigText(CONFIG));

    private static TiddlyServer withIndexes(TiddlyServer server) {
        Engine engine = Engine.valueOf(TestDatabase.current().name());
        List<String> statements = new ArrayList<>();
        statements.addAll(SearchIndexes.create(engine, "story", List.of("body")));
        statements.addAll(SearchIndexes.create(engine, "story", List.of("title", "body")));
        statements.addAll(SearchIndexes.create(engine, "story", List.of("secret")));
        statements.forEach(server::withFixture);
        return server;
    }

    private RequestSpecification writer() {
        return server.http().header("X-API-Key", "writer-key-0123456789abcdef");
    }

    private ValidatableResponse fetch(String body) {
        return server.http().body(body).when().request("FETCH", "/story").then();
    }

    private void finds(String query, Integer... ids) {
        fetch("{\"where\": {\"body\": {\"search\": \"" + query.replace("\"", "\\\"") + "\"}}}")
                .statusCode(200)
                .body("data.id", containsInAnyOrder(ids));
    }

    private void refuses(String query, String code, String message) {
        fetch("{\"where\": {\"body\": {\"search\": \"" + query.replace("\"", "\\\"") + "\"}}}")
                .statusCode(400)
                .body("code", equalTo(code))
                .body("error", equalTo(message));
    }

    @Test
    void everyWordMustMatchInAnyCase() {
        finds("desert spice", 1, 2);
        finds("DESERT Spice", 1, 2);
        finds("galactic", 3, 4);
    }

    @Test
    void aPhraseMatchesItsWordsInOrder() {
        finds("\"desert spice\"", 1);
        finds("\"spice desert\"", 1);
        finds("\"empire mule\"", 4);
    }

    @Test
    void aMinusExcludesRowsWithTheWordOrPhrase() {
        finds("desert -spice", 5);
        finds("desert -\"desert spice\"", 2, 5);
    }

    @Test
    void aStarMatchesWordsThatBeginWithIt() {
        finds("math*", 3, 4);
        finds("cyber*", 6);
    }

    @Test
    void orMatchesEitherSideAndBindsTighterThanTheImplicitAnd() {
        finds("shrike OR cowboy", 5, 6);
        finds("desert worms OR throne", 1, 2);
        finds("desert -sand worms OR throne", 2);
    }

    @Test
    void phrasesPrefixesAndExclusionsCombineWithOr() {
        finds("\"desert spice\" OR cyber*", 1, 6);
        finds("desert -worm*", 2, 5);
        finds("\"galactic empire\" mathematician -mule", 3);
        finds("empire OR shrike -galactic", 5);
        finds("EMPIRE Galactic -\"empire mule\"", 3);
    }

    @Test
    void punctuationSeparatesWordsLikeTheEngines() {
        finds("desert, spice!", 1, 2);
        finds("desert-spice", 1);
    }

    @Test
    void aSearchOfSeveralColumnsMatchesWordsAcrossThem() {
        fetch("{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"foundation empire\"}}}")
                .statusCode(200)
                .body("data.id", containsInAnyOrder(3, 4));
        fetch("{\"where\": {\"search\": {\"columns\": [\"body\", \"title\"], \"query\": \"messiah prophet\"}}}")
                .statusCode(200)
                .body("data.id", contains(2));
    }

    @Test
    void aSearchCombinesWithOtherFiltersAndOr() {
        fetch("{\"where\": {\"body\": {\"search\": \"desert\"}, \"id\": {\"gt\": 1}}}")
                .statusCode(200)
                .body("data.id", containsInAnyOrder(2, 5));
        fetch("{\"where\": {\"or\": [{\"body\": {\"search\": \"cowboy\"}}, {\"id\": 1}]}}")
                .statusCode(200)
                .body("data.id", containsInAnyOrder(1, 6));
        fetch("{\"where\": {\"not\": {\"body\": {\"search\": \"desert\"}}}, \"count\": true}")
                .statusCode(200)
                .body("count", equalTo(3));
    }

    @Test
    void rankOrdersRowsByRelevance() {
        fetch("{\"where\": {\"body\": {\"search\": \"desert\"}}, \"orderby\": \"_rank desc\", \"select\": [\"id\"]}")
                .statusCode(200)
                .body("data.id", contains(1, 2, 5))
                .body("data[0].keySet()", contains("id"));
        fetch("{\"where\": {\"body\": {\"search\": \"desert\"}}, \"orderby\": \"_rank\", \"limit\": 2,"
                        + " \"select\": [\"id\", \"_rank\"]}")
                .statusCode(200)
                .body("data.id", contains(5, 2))
                .body("data[0].keySet()", contains("id", "_rank"));
    }

    @Test
    void aSnippetMarksTheMatchedWords() {
        String body = "{\"where\": {\"body\": {\"search\": \"hacker\"}}, \"select\": [\"id\", {\"snippet\": \"body\","
                + " \"mark\": [\"[\", \"]\"]}]}";
        fetch(body)
                .statusCode(200)
                .body("data[0].body_snippet", equalTo("cyberspace [hacker] matrix console cowboy sprawl"));
        fetch("{\"where\": {\"body\": {\"search\": \"cowboy\"}}, \"select\": [{\"snippet\": \"body\", \"as\": \"s\"}]}")
                .statusCode(200)
                .body("data[0].s", equalTo("cyberspace hacker matrix console «cowboy» sprawl"));
    }

    @Test
    void aSnippetOfALongTextIsAWindowAroundTheMatches() {
        String filler = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda omicron ";
        writer().body("{\"id\": 8, \"title\": \"Long\", \"body\": \"" + filler + "mimoid ocean " + filler
                        + "\", \"owner\": \"bob\"}")
                .when()
                .post("/story")
                .then()
                .statusCode(201);
        String snippet = fetch("{\"where\": {\"body\": {\"search\": \"mimoid\"}}, \"select\": [{\"snippet\": \"body\","
                        + " \"words\": 6, \"as\": \"s\"}]}")
                .statusCode(200)
                .extract()
                .path("data[0].s");
        // Each engine picks its own window; all of them mark the word and cut the text around it.
        assertTrue(snippet.contains("«mimoid»"), snippet);
        assertTrue(snippet.split(" ").length <= 8, snippet);
        if (server.database() == TestDatabase.MARIADB) {
            assertEquals("…lambda omicron «mimoid» ocean alpha beta…", snippet);
        }
    }

    @Test
    void getTakesTheSearchOperatorAsAQueryParameter() {
        server.http()
                .queryParam("body[search]", "desert -spice")
                .when()
                .get("/story")
                .then()
                .statusCode(200)
                .body("data.id", contains(5));
        server.http()
                .queryParam("body[search]", "desert")
                .queryParam("orderby", "_rank desc")
                .queryParam("select", "id,_rank")
                .when()
                .get("/story")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 2, 5));
    }

    @Test
    void rowRulesAreAndedIntoASearch() {
        server.http()
                .header("X-API-Key", "alice-key-0123456789abcdef")
                .body("{\"where\": {\"body\": {\"search\": \"desert\"}}, \"orderby\": \"_rank desc\"}")
                .when()
                .request("FETCH", "/story")
                .then()
                .statusCode(200)
                .body("data.id", contains(1, 2));
    }

    @Test
    void hiddenColumnsCannotBeSearched() {
        fetch("{\"where\": {\"secret\": {\"search\": \"melange\"}}}")
                .statusCode(400)
                .body("code", equalTo("hidden_column"));
        server.http()
                .header("X-API-Key", "carol-key-0123456789abcdef")
                .body("{\"where\": {\"search\": {\"columns\": [\"title\", \"body\"], \"query\": \"dune\"}}}")
                .when()
                .request("FETCH", "/story")
                .then()
                .statusCode(400)
                .body("code", equalTo("hidden_column"));
    }

    @Test
    void aSearchWithoutAnIndexIs400NamingTheCommand() {
        fetch("{\"where\": {\"title\": {\"search\": \"dune\"}}}")
                .statusCode(400)
                .body("code", equalTo("search_not_indexed"))
                .body(
                        "error",
                        equalTo("table 'story' has no search index on (title); its search indexes cover (body) and"
                                + " (secret) and (title, body); create one with: java -jar tiddly.jar search-index"
                                + " --db <your database> --table story --columns title"));
    }

    @Test
    void badQueriesAre400() {
        refuses("\"desert spice", "invalid_search", "the search query has an unbalanced quote");
        refuses(
                "-desert -spice",
                "invalid_search",
                "the search query only excludes words; add a word that rows must have");
        refuses("   ", "invalid_search", "the search query has no words");
        refuses("desert OR", "invalid_search", "OR needs a term on each side");
        refuses("OR desert", "invalid_search", "OR needs a term on each side");
        refuses("desert OR -spice", "invalid_search", "an excluded term cannot be part of OR");
        refuses("\"desert spice\"*", "invalid_search", "a prefix * goes after a single word, not a phrase");
        refuses(
                "word ".repeat(10_000),
                "invalid_search",
                "the search query is 50000 characters long; at most 1000 are allowed");
        refuses(
                "word ".repeat(33),
                "invalid_search",
                "the search query has more than 32 words; at most 32 are allowed");
        fetch("{\"where\": {\"body\": {\"search\": 3}}}").statusCode(400).body("code", equalTo("invalid_search"));
        fetch("{\"where\": {\"search\": {\"columns\": [\"title\"]}}}")
                .statusCode(400)
                .body("error", equalTo("'search' needs 'query', a string"));
    }

    @Test
    void rankAndSnippetsNeedASearch() {
        fetch("{\"orderby\": \"_rank desc\"}")
                .statusCode(400)
                .body("code", equalTo("invalid_search"))
                .body("error", startsWith("_rank is the relevance to a search"));
        fetch("{\"where\": {\"body\": {\"search\": \"desert\"}}, \"select\": [{\"snippet\": \"title\"}]}")
                .statusCode(400)
                .body("error", equalTo("snippet of 'title': the search is over (body)"));
        fetch("{\"where\": {\"body\": {\"search\": \"desert\"}}, \"orderby\": \"_rank desc\", \"cursor\": \"x\"}")
                .statusCode(400)
                .body("code", equalTo("invalid_cursor"));
    }

    @Test
    void writtenRowsAreFoundAtOnceAndTheIndexIsNeverServed() {
        writer().body("{\"id\": 7, \"title\": \"Solaris\", \"body\": \"ocean planet mimoid\", \"owner\": \"bob\"}")
                .when()
                .post("/story")
                .then()
                .statusCode(201)
                .body("data.keySet()", contains("id", "title", "body", "owner"));
        finds("mimoid", 7);
        writer().body("{\"body\": \"ocean planet solaristic\"}")
                .when()
                .put("/story/7")
                .then()
                .statusCode(200);
        finds("mimoid");
        finds("solaristic", 7);
        writer().when().delete("/story/7").then().statusCode(200);
        finds("solaristic");
        fetch("{\"where\": {\"id\": 1}}")
                .statusCode(200)
                .body("data[0].keySet()", contains("id", "title", "body", "owner"));
    }

    @Test
    void aRankedSearchPagesWithOffset() {
        fetch("{\"where\": {\"body\": {\"search\": \"desert\"}}, \"orderby\": \"_rank desc\", \"limit\": 1,"
                        + " \"offset\": 1}")
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].id", equalTo(2));
    }
}
