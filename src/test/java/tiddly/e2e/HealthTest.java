package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.Tiddly;
import tiddly.testing.TiddlyServer;

/** {@code /_health} and {@code /_ready}, and what a stopping server does first. */
class HealthTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @Test
    void healthSaysTheProcessIsLive() {
        server.http()
                .when()
                .get("/_health")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("status", equalTo("success"))
                .body("data.live", equalTo(true));
    }

    @Test
    void readySaysTheDatabaseAnswers() {
        server.http().when().get("/_ready").then().statusCode(200).body("data.ready", equalTo(true));
        server.http().when().head("/_ready").then().statusCode(200);
    }

    @Test
    void readyIs503AndShutdownHooksRunOnceTheServerBeginsToStop() {
        Tiddly another = server.another();
        List<String> seen = new ArrayList<>();
        another.onShutdown(() -> {
            Response ready = RestAssured.given().port(another.port()).when().get("/_ready");
            seen.add(ready.statusCode() + " " + ready.path("code") + ": " + ready.path("error"));
        });
        RestAssured.given().port(another.port()).when().get("/_ready").then().statusCode(200);
        another.close();
        assertEquals(List.of("503 not_ready: the server is shutting down"), seen);
    }

    @Test
    void aHookAddedAfterTheStopBeganRunsAtOnceAndAClosedRegistrationNever() {
        Tiddly another = server.another();
        List<String> seen = new ArrayList<>();
        another.onShutdown(() -> seen.add("withdrawn")).close();
        another.onShutdown(() -> another.onShutdown(() -> seen.add("late")));
        another.close();
        assertEquals(List.of("late"), seen);
    }
}
