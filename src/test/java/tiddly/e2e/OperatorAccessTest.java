package tiddly.e2e;

import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.TiddlyServer;

/** Under rules, the operator's routes answer only the roles made for them. */
class OperatorAccessTest {
    @RegisterExtension
    final TiddlyServer server = TiddlyServer.sample().withConfig("""
                    {"auth": {"api_keys": {"admin-key-0123456789": "admin", "metrics-key-0123456789": "metrics",
                                           "user-key-0123456789": "user"}},
                     "rules": {"user": {"book": {"read": true}}, "anon": {"book": {"read": true}}}}""");

    @Test
    void metricsAnswerTheAdminAndMetricsRolesOnly() {
        server.http()
                .header("X-API-Key", "admin-key-0123456789")
                .when()
                .get("/_metrics")
                .then()
                .statusCode(200);
        server.http()
                .header("X-API-Key", "metrics-key-0123456789")
                .when()
                .get("/_metrics")
                .then()
                .statusCode(200);
        server.http()
                .header("X-API-Key", "user-key-0123456789")
                .when()
                .get("/_metrics")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"))
                .body("error", equalTo("only the admin or metrics role may read the metrics"));
        server.http()
                .when()
                .get("/_metrics")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"tiddly\"")
                .body("code", equalTo("unauthenticated"))
                .body("error", equalTo("sign in as admin or metrics to read the metrics"));
    }

    @Test
    void backupsAnswerTheAdminRoleOnly() {
        server.http()
                .header("X-API-Key", "metrics-key-0123456789")
                .when()
                .get("/_backup")
                .then()
                .statusCode(403)
                .body("error", equalTo("only the admin role may back up the database"));
        server.http().when().get("/_backup").then().statusCode(401).body("code", equalTo("unauthenticated"));
        server.http()
                .header("X-API-Key", "admin-key-0123456789")
                .when()
                .get("/_backup")
                .then()
                .statusCode(server.database() == tiddly.testing.TestDatabase.SQLITE ? 200 : 501);
    }

    @Test
    void slowQueriesAnswerTheAdminRoleOnly() {
        server.http()
                .header("X-API-Key", "user-key-0123456789")
                .when()
                .get("/_slow_queries")
                .then()
                .statusCode(403)
                .body("error", equalTo("only the admin role may read the slow queries"));
        server.http()
                .header("X-API-Key", "admin-key-0123456789")
                .when()
                .get("/_slow_queries")
                .then()
                .statusCode(200);
    }

    @Test
    void healthAndReadinessNeedNoCredentials() {
        server.http().when().get("/_health").then().statusCode(200);
        server.http().when().get("/_ready").then().statusCode(200);
    }
}
