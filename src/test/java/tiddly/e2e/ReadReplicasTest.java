package tiddly.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tiddly.Tiddly;
import tiddly.testing.PostgresReplication;
import tiddly.testing.ReplicatedTiddly;

/**
 * --db-replicas on a real PostgreSQL 15 primary and streaming replica (Debian's postgresql-15
 * binaries; skipped where they are missing). Replay is paused on the replica to tell where a read
 * went: a row written straight to the primary is visible only there.
 */
class ReadReplicasTest {
    private static PostgresReplication cluster;
    /** Replicas may lag an hour: however slow the machine, the replica stays in use while paused. */
    private static Tiddly tiddly;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicatedTiddly.startCluster("ReadReplicasTest");
        tiddly = start(Duration.ofHours(1));
    }

    @AfterAll
    static void stopCluster() {
        ReplicatedTiddly.close(tiddly, cluster);
    }

    private static Tiddly start(Duration maxLag) {
        return ReplicatedTiddly.start(cluster, maxLag);
    }

    @BeforeEach
    void replicaServesReads() throws Exception {
        cluster.awaitReplayed();
        awaitReplica(tiddly, replica -> replica.getBoolean("reads"));
    }

    @Test
    void aReadGoesToTheReplicaWhichMissesARowItHasNotReplayed() throws Exception {
        cluster.pauseReplay();
        try {
            long id = insertOnThePrimary("Written on the primary only");
            given().port(tiddly.port()).when().get("/author/" + id).then().statusCode(404);
            cluster.resumeReplay();
            cluster.awaitReplayed();
            given().port(tiddly.port())
                    .when()
                    .get("/author/" + id)
                    .then()
                    .statusCode(200)
                    .body("data.name", equalTo("Written on the primary only"));
        } finally {
            cluster.resumeReplay();
        }
        assertTrue(counter("replica") >= 2, "reads counted on the replica");
    }

    @Test
    void aClientReadsItsOwnWriteAtOnceWhileTheReplicaIsPaused() throws Exception {
        cluster.pauseReplay();
        try {
            int id = given().port(tiddly.port())
                    .contentType("application/json")
                    .body("{\"name\": \"Written through Tiddly\"}")
                    .when()
                    .post("/author")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("data.id");
            given().port(tiddly.port())
                    .when()
                    .get("/author/" + id)
                    .then()
                    .statusCode(200)
                    .body("data.name", equalTo("Written through Tiddly"));
            given().port(tiddly.port())
                    .queryParam("orderby", "id desc")
                    .queryParam("limit", 1)
                    .when()
                    .get("/author")
                    .then()
                    .statusCode(200)
                    .body("data.id", hasItem(id));
            // still a usable replica: the reads went to the primary because it had not replayed the write
            JsonPath replica = hosts(tiddly).get(1);
            assertTrue(replica.getBoolean("reads"));
        } finally {
            cluster.resumeReplay();
        }
    }

    @Test
    void aStoppedReplicaIsSkippedAndEveryReadStillSucceeds() throws Exception {
        cluster.stopReplica();
        try {
            for (int i = 0; i < 20; i++) {
                given().port(tiddly.port())
                        .when()
                        .get("/author/1")
                        .then()
                        .statusCode(200)
                        .body("data.id", equalTo(1));
                given().port(tiddly.port()).when().get("/author?limit=3").then().statusCode(200);
            }
            JsonPath replica = awaitReplica(tiddly, host -> !host.getBoolean("up"));
            assertEquals(false, replica.getBoolean("reads"));
            assertNotNull(replica.getString("error"));
        } finally {
            cluster.startReplica();
        }
        awaitReplica(tiddly, host -> host.getBoolean("reads"));
    }

    @Test
    void aReplicaLaggingBeyondTheBoundServesNoReads() throws Exception {
        try (Tiddly strict = start(Duration.ofSeconds(1))) {
            awaitReplica(strict, replica -> replica.getBoolean("reads"));
            cluster.pauseReplay();
            try {
                long id = insertOnThePrimary("Written while the replica lags");
                JsonPath replica = awaitReplica(strict, host -> !host.getBoolean("reads"));
                assertTrue(replica.getDouble("lag_seconds") > 1, replica.prettify());
                assertTrue(replica.getLong("lag_bytes") > 0, replica.prettify());
                assertEquals("lags more than the bound of 1.0 s", replica.getString("error"));
                given().port(strict.port()) // from the primary
                        .when()
                        .get("/author/" + id)
                        .then()
                        .statusCode(200)
                        .body("data.name", equalTo("Written while the replica lags"));
                given().port(tiddly.port()).when().get("/author/" + id).then().statusCode(404); // an hour's bound
            } finally {
                cluster.resumeReplay();
            }
            awaitReplica(strict, replica -> replica.getBoolean("reads"));
        }
    }

    @Test
    void readyAndMetricsShowEachHostsRoleAndLag() {
        given().port(tiddly.port())
                .when()
                .get("/_ready")
                .then()
                .statusCode(200)
                .body("data.ready", equalTo(true))
                .body("data.hosts[0].role", equalTo("primary"))
                .body("data.hosts[0].lsn", matchesPattern("[0-9A-F]+/[0-9A-F]+"))
                .body("data.hosts[1].host", equalTo(cluster.replicaUrl().replaceAll("^jdbc:postgresql://|/.*$", "")))
                .body("data.hosts[1].role", equalTo("replica"))
                .body("data.hosts[1].up", equalTo(true))
                .body("data.hosts[1].reads", equalTo(true))
                .body("data.hosts[1].replayed_lsn", matchesPattern("[0-9A-F]+/[0-9A-F]+"));
        given().port(tiddly.port())
                .header("X-Forwarded-For", "203.0.113.9") // not the server's own machine: no rules, so no operator
                .when()
                .get("/_ready")
                .then()
                .statusCode(200)
                .body("data.ready", equalTo(true))
                .body("data", not(hasKey("hosts")));
        var lag = tiddly.meters()
                .find("tiddly.db.replica.lag.seconds")
                .tag("host", cluster.replicaUrl().replaceAll("^jdbc:postgresql://|/.*$", ""))
                .gauge();
        assertNotNull(lag, "a lag gauge per replica");
    }

    private static long insertOnThePrimary(String name) throws Exception {
        return ReplicatedTiddly.insertOnThePrimary(cluster, name);
    }

    private static double counter(String on) {
        return ReplicatedTiddly.reads(tiddly, on);
    }

    private static List<JsonPath> hosts(Tiddly instance) {
        return ReplicatedTiddly.hosts(instance);
    }

    private static JsonPath awaitReplica(Tiddly instance, Predicate<JsonPath> state) throws InterruptedException {
        return ReplicatedTiddly.awaitReplica(instance, state);
    }
}
