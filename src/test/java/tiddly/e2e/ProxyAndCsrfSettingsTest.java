package tiddly.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tiddly.e2e.ProxyAndCsrfAttackTest.ALICE;
import static tiddly.e2e.ProxyAndCsrfAttackTest.APP;
import static tiddly.e2e.ProxyAndCsrfAttackTest.CONFIG;
import static tiddly.e2e.ProxyAndCsrfAttackTest.basic;
import static tiddly.e2e.ProxyAndCsrfAttackTest.headers;
import static tiddly.e2e.ProxyAndCsrfAttackTest.login;
import static tiddly.e2e.ProxyAndCsrfAttackTest.send;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tiddly.testing.RawHttp.Answer;
import tiddly.testing.TiddlyServer;

/**
 * The attack shapes of {@link ProxyAndCsrfAttackTest} under the settings that change them:
 * --trusted-proxies 2, no --trust-proxy, and --cors-origins naming an app's origin.
 */
class ProxyAndCsrfSettingsTest {
    /** Behind two proxies in a row; browser apps of {@link ProxyAndCsrfAttackTest#APP} may call it. */
    @RegisterExtension
    final TiddlyServer twoProxies = TiddlyServer.sample(
                    settings -> settings.withTrustProxy(true, 2).withCorsOrigins(List.of(APP)))
            .withConfig(CONFIG);

    /** Without --trust-proxy. */
    @RegisterExtension
    final TiddlyServer direct = TiddlyServer.sample().withConfig(CONFIG);

    @Test
    void withTwoTrustedProxiesTheSecondEntryFromTheRightIsTheClient() {
        for (int i = 0; i < 3; i++) {
            login(twoProxies, Map.of("X-Forwarded-For", "10.3.0." + i + ", 203.0.113.7, 192.0.2." + i));
        }
        assertEquals(
                429,
                login(twoProxies, Map.of("X-Forwarded-For", "203.0.113.7, 192.0.2.200"))
                        .status());
        assertEquals(
                401,
                login(twoProxies, Map.of("X-Forwarded-For", "203.0.113.7, 203.0.113.8, 192.0.2.1"))
                        .status());
        assertEquals(
                401,
                login(twoProxies, Map.of("Forwarded", "for=203.0.113.9;by=a, for=192.0.2.1"))
                        .status());
    }

    @Test
    void withoutTrustProxyNoHeaderIsBelievedAndAllClientsShareTheConnectionsLimit() {
        for (int i = 0; i < 3; i++) {
            login(direct, headers("X-Forwarded-For", "10.4.0." + i, "Forwarded", "for=10.4.1." + i));
        }
        assertEquals(429, login(direct, Map.of("Forwarded", "for=203.0.113.7")).status());
        assertEquals(429, login(direct, Map.of()).status());
    }

    @Test
    void anOriginNamedInCorsOriginsMaySendAnyType() {
        Answer named = send(
                twoProxies,
                "POST",
                "/book",
                headers("Origin", APP, "Content-Type", "text/plain", "Authorization", basic(ALICE)),
                "{\"title\": \"From the app\", \"author_id\": 1}");
        assertEquals(201, named.status(), named.text());
        Answer other = send(
                twoProxies,
                "POST",
                "/book",
                headers("Origin", "https://admin.example", "Content-Type", "text/plain", "Authorization", basic(ALICE)),
                "{\"title\": \"From elsewhere\", \"author_id\": 1}");
        assertEquals(403, other.status(), other.text());
    }
}
