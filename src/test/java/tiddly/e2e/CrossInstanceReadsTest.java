package tiddly.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tiddly.Tiddly;
import tiddly.client.Auth;
import tiddly.client.Row;
import tiddly.client.TiddlyClient;
import tiddly.client.TiddlyClientException;
import tiddly.testing.Node;
import tiddly.testing.PostgresReplication;
import tiddly.testing.ReplicatedTiddly;
import tiddly.testing.RoundRobinProxy;

/**
 * Read-your-writes across instances with Tiddly-Position: two Tiddly instances, A and B, over one
 * real PostgreSQL 15 primary and its streaming replica (Debian's postgresql-15 binaries; skipped
 * where they are missing), as behind a load balancer. With the replica's replay paused, a row
 * written through A is missing on the replica: B finds it only when the request brings A's position
 * back (then B reads on the primary), and misses it without, which shows each test can fail.
 */
class CrossInstanceReadsTest {
    private static final String POSITION = "Tiddly-Position";

    private static PostgresReplication cluster;
    private static Tiddly a;
    private static Tiddly b;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicatedTiddly.startCluster("CrossInstanceReadsTest");
        a = start();
        b = start();
    }

    @AfterAll
    static void stopCluster() {
        ReplicatedTiddly.close(a, b, cluster);
    }

    /** Replicas may lag an hour: however slow the machine, the replica stays in use while paused. */
    private static Tiddly start() {
        return ReplicatedTiddly.start(cluster, Duration.ofHours(1));
    }

    @BeforeEach
    void replicaReplayedEverything() throws Exception {
        cluster.resumeReplay();
        cluster.awaitReplayed();
        // until their pollers have seen the replica, both instances read on the primary, which misses nothing
        ReplicatedTiddly.awaitReplicaReads(a);
        ReplicatedTiddly.awaitReplicaReads(b);
    }

    @Test
    void aWriteThroughOneInstanceIsReadThroughAnotherThatBringsItsPosition() throws Exception {
        cluster.pauseReplay();
        try {
            var written = given().port(a.port())
                    .contentType("application/json")
                    .body("{\"name\": \"Written through A\"}")
                    .when()
                    .post("/author")
                    .then()
                    .statusCode(201)
                    .header(POSITION, matchesPattern("[0-9A-F]{16}"))
                    .extract();
            int id = written.path("data.id");
            String position = written.header(POSITION);
            given().port(b.port())
                    .header(POSITION, position)
                    .when()
                    .get("/author/" + id)
                    .then()
                    .statusCode(200)
                    .body("data.name", equalTo("Written through A"));
            given().port(b.port())
                    .header(POSITION, position)
                    .queryParam("orderby", "id desc")
                    .queryParam("limit", 1)
                    .when()
                    .get("/author")
                    .then()
                    .statusCode(200)
                    .body("data.id", hasItem(id));
            given().port(b.port()) // without it, B reads the paused replica
                    .when()
                    .get("/author/" + id)
                    .then()
                    .statusCode(404);
        } finally {
            cluster.resumeReplay();
        }
    }

    @Test
    void aPositionTheReplicaHasReplayedIsReadOnTheReplica() throws Exception {
        String position = given().port(a.port())
                .contentType("application/json")
                .body("{\"name\": \"Replayed at once\"}")
                .when()
                .post("/author")
                .then()
                .statusCode(201)
                .extract()
                .header(POSITION);
        cluster.awaitReplayed();
        double before = replicaReads(b);
        given().port(b.port())
                .header(POSITION, position)
                .queryParam("where", "{\"name\": \"Replayed at once\"}")
                .when()
                .get("/author")
                .then()
                .statusCode(200)
                .body("data.name", hasItem("Replayed at once"));
        assertEquals(before + 1, replicaReads(b), "the read went to the replica");
    }

    @Test
    void aPositionAheadOfEveryHostIsReadOnThePrimaryWithoutWaiting() throws Exception {
        cluster.pauseReplay();
        try {
            long id = insertOnThePrimary("Written on the primary only");
            for (String forged : new String[] {"7FFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFF", "0000FFFFFFFFFFFF"}) {
                given().port(b.port())
                        .header(POSITION, forged)
                        .when()
                        .get("/author/" + id)
                        .then()
                        .statusCode(200)
                        .body("data.name", equalTo("Written on the primary only"));
            }
            given().port(b.port()).when().get("/author/" + id).then().statusCode(404); // the replica
        } finally {
            cluster.resumeReplay();
        }
    }

    @Test
    void aMalformedPositionIsA400() {
        given().port(b.port())
                .header(POSITION, "0/44A2818") // PostgreSQL's own form is not the header's
                .when()
                .get("/author/1")
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_position"));
    }

    @Test
    void theJavaClientReadsItsWritesThroughARoundRobinBalancer() throws Exception {
        cluster.pauseReplay();
        try (RoundRobinProxy balancer = new RoundRobinProxy(List.of(a.port(), b.port()))) {
            TiddlyClient client = TiddlyClient.connect(URI.create("http://127.0.0.1:" + balancer.port()), Auth.none());
            Row created = client.table("author").create(Map.of("name", "Written by the Java client"));
            for (int i = 0; i < 4; i++) { // alternately through each instance
                assertEquals(
                        "Written by the Java client",
                        client.table("author").get(created.get("id")).get("name"));
            }
            TiddlyClient forgetful = // a new client knows no position: one of its reads meets the replica
                    TiddlyClient.connect(URI.create("http://127.0.0.1:" + balancer.port()), Auth.none());
            TiddlyClientException missing = assertThrows(TiddlyClientException.class, () -> {
                for (int i = 0; i < 2; i++) {
                    forgetful.table("author").get(created.get("id"));
                }
            });
            assertEquals(404, missing.status());
        } finally {
            cluster.resumeReplay();
        }
    }

    @Test
    void theJavaScriptClientReadsItsWritesThroughEitherInstance() throws Exception {
        Node.assumeInstalled();
        cluster.pauseReplay();
        try {
            Node.Run run = Node.test(
                    Path.of("clients", "js", "test", "replicas"),
                    Map.of(
                            "TIDDLY_URL_A", "http://127.0.0.1:" + a.port(),
                            "TIDDLY_URL_B", "http://127.0.0.1:" + b.port()));
            assertEquals(0, run.exitStatus(), run.output());
            assertTrue(run.output().contains("# fail 0"), run.output());
        } finally {
            cluster.resumeReplay();
        }
    }

    private static double replicaReads(Tiddly instance) {
        return ReplicatedTiddly.reads(instance, "replica");
    }

    private static long insertOnThePrimary(String name) throws Exception {
        return ReplicatedTiddly.insertOnThePrimary(cluster, name);
    }
}
