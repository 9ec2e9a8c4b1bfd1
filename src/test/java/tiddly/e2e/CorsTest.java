package tiddly.e2e;

import static org.hamcrest.Matchers.containsString;

import io.restassured.RestAssured;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

class CorsTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample();

    @RegisterExtension
    final TiddlyServer restricted =
            TiddlyServer.sample(settings -> settings.withCorsOrigins(List.of("https://app.example")));

    @Test
    void aPreflightForFetchAllowsTheVerbAndJson() {
        RestAssured.given()
                .port(server.port())
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "FETCH")
                .header("Access-Control-Request-Headers", "content-type")
                .when()
                .options("/book")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", containsString("FETCH"))
                .header("Access-Control-Allow-Methods", containsString("PUT"))
                .header("Access-Control-Allow-Methods", containsString("DELETE"))
                .header("Access-Control-Allow-Headers", containsString("Content-Type"));
    }

    @Test
    void responsesCarryTheAllowedOrigin() {
        server.http()
                .header("Origin", "https://elsewhere.example")
                .body("{}")
                .when()
                .request("FETCH", "/dual")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "*");
    }

    @Test
    void configuredOriginsAreEchoedAndOthersGetNone() {
        restricted
                .http()
                .header("Origin", "https://app.example")
                .when()
                .get("/dual")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example")
                .header("Vary", org.hamcrest.Matchers.containsString("Origin"));
        restricted
                .http()
                .header("Origin", "https://evil.example")
                .when()
                .get("/dual")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", (String) null)
                .header("Vary", org.hamcrest.Matchers.containsString("Origin"));
    }
}
