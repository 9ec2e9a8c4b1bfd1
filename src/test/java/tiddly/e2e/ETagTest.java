package tiddly.e2e;

import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class ETagTest {
    private static final String ETAG = "\"[0-9a-f]{32}\"";

    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @RegisterExtension
    final TiddlyServer strict = TiddlyServer.sample(settings -> settings.withRequireIfMatch(true));

    private String etagOf(String path) {
        return server.http().when().get(path).then().statusCode(200).extract().header("ETag");
    }

    @Test
    void singleRowResponsesCarryAnETag() {
        server.http().when().get("/book/1").then().statusCode(200).header("ETag", matchesPattern(ETAG));
        server.http()
                .body("{\"title\": \"New\", \"author_id\": 1}")
                .when()
                .post("/book")
                .then()
                .statusCode(201)
                .header("ETag", matchesPattern(ETAG));
        server.http()
                .body("{\"title\": \"Changed\"}")
                .when()
                .put("/book/1")
                .then()
                .statusCode(200)
                .header("ETag", matchesPattern(ETAG));
    }

    @Test
    void theETagChangesWhenTheRowChangesEvenInAHiddenColumn() {
        String before = etagOf("/user/1");
        server.http()
                .body("{\"password\": \"$2b$10$another\"}")
                .when()
                .put("/user/1")
                .then()
                .statusCode(200);
        assertNotEquals(before, etagOf("/user/1"));
        assertEquals(etagOf("/user/1"), etagOf("/user/1"));
    }

    @Test
    void theETagIsKeyedSoAHiddenValueCannotBeConfirmedByHashing() throws Exception {
        String etag = etagOf("/user/1");
        String content =
                "1,'Alice','alice@example.com','" + server.scalar("SELECT password FROM \"user\" WHERE id = 1") + "'";
        byte[] plain = java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertNotEquals("\"" + java.util.HexFormat.of().formatHex(plain, 0, 16) + "\"", etag);
    }

    @Test
    void ifMatchWithTheCurrentETagApplies() {
        String etag = etagOf("/book/2");
        server.http()
                .header("If-Match", etag)
                .body("{\"title\": \"Matched\"}")
                .when()
                .put("/book/2")
                .then()
                .statusCode(200)
                .body("data.title", equalTo("Matched"));
        server.http()
                .header("If-Match", etagOf("/book/2"))
                .when()
                .delete("/book/2")
                .then()
                .statusCode(200);
    }

    @Test
    void ifMatchWithAnOldETagIs412WithTheCurrentRow() {
        String old = etagOf("/book/2");
        server.http()
                .body("{\"title\": \"Someone else\"}")
                .when()
                .put("/book/2")
                .then()
                .statusCode(200);
        String current = etagOf("/book/2");
        server.http()
                .header("If-Match", old)
                .body("{\"title\": \"Mine\"}")
                .when()
                .put("/book/2")
                .then()
                .statusCode(412)
                .header("ETag", current)
                .body("code", equalTo("etag_mismatch"))
                .body(
                        "error",
                        equalTo("the row has changed since you read it: If-Match does not match its current ETag"))
                .body("data.title", equalTo("Someone else"));
        server.http().header("If-Match", old).when().delete("/book/2").then().statusCode(412);
        assertEquals("Someone else", server.scalar("SELECT title FROM book WHERE id = 2"));
    }

    @Test
    void ifMatchOnAMissingRowIs404() {
        server.http()
                .header("If-Match", "*")
                .body("{\"title\": \"x\"}")
                .when()
                .put("/book/999")
                .then()
                .statusCode(404)
                .body("code", equalTo("row_not_found"));
    }

    @Test
    void ifNoneMatchAnswers304WhenUnchanged() {
        String etag = etagOf("/book/3");
        server.http()
                .header("If-None-Match", etag)
                .when()
                .get("/book/3")
                .then()
                .statusCode(304)
                .body(emptyString());
        server.http().body("{\"year\": 2001}").when().put("/book/3").then().statusCode(200);
        server.http().header("If-None-Match", etag).when().get("/book/3").then().statusCode(200);
    }

    @Test
    void listsCarryAnETagToo() {
        String etag = server.http()
                .when()
                .get("/genre")
                .then()
                .statusCode(200)
                .header("ETag", matchesPattern(ETAG))
                .extract()
                .header("ETag");
        server.http().header("If-None-Match", etag).when().get("/genre").then().statusCode(304);
        server.http()
                .body("{\"code\": \"new\", \"name\": \"New\"}")
                .when()
                .post("/genre")
                .then()
                .statusCode(201);
        server.http().header("If-None-Match", etag).when().get("/genre").then().statusCode(200);
    }

    @Test
    void fetchAddsETagsToRowsOnRequest() {
        String etag = etagOf("/book/1");
        server.http()
                .body("{\"where\": {\"id\": 1}, \"etag\": true}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data[0]._etag", equalTo(etag));
        server.http()
                .body("{\"where\": {\"id\": 1}}")
                .when()
                .request("FETCH", "/book")
                .then()
                .statusCode(200)
                .body("data[0]._etag", equalTo(null));
    }

    @Test
    void ofTwoWritersWithTheSameETagExactlyOneWins() throws Exception {
        String etag = etagOf("/book/4");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> writers = List.of("A", "B").stream()
                    .<Callable<Integer>>map(name -> () -> {
                        start.await();
                        return server.http()
                                .header("If-Match", etag)
                                .body("{\"title\": \"" + name + "\"}")
                                .when()
                                .put("/book/4")
                                .then()
                                .extract()
                                .statusCode();
                    })
                    .toList();
            List<Future<Integer>> results = writers.stream().map(pool::submit).toList();
            start.countDown();
            List<Integer> statuses =
                    results.stream().map(ETagTest::get).sorted().toList();
            assertEquals(List.of(200, 412), statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void requireIfMatchRefusesWritesWithoutIt() {
        strict.http()
                .body("{\"title\": \"x\"}")
                .when()
                .put("/book/1")
                .then()
                .statusCode(428)
                .body("code", equalTo("if_match_required"))
                .body(
                        "error",
                        equalTo("PUT needs an If-Match header with the row's ETag"
                                + " (this server runs with --require-if-match)"));
        strict.http().when().delete("/book/1").then().statusCode(428);
        String etag = strict.http().when().get("/book/1").then().extract().header("ETag");
        strict.http()
                .header("If-Match", etag)
                .body("{\"title\": \"x\"}")
                .when()
                .put("/book/1")
                .then()
                .statusCode(200)
                .header("ETag", not(etag));
    }

    private static int get(Future<Integer> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
