package tiddly.request;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request, reduced to what the parser reads; the http stage builds it.
 *
 * @param verb the method in upper case: GET, FETCH, POST, PUT, DELETE
 * @param key the {@code k} of {@code /table/k}, URL-decoded
 * @param body the request body as text, "" when there is none
 * @param params the query string's parameters, URL-decoded, in order
 * @param ifMatch the If-Match header, when given
 */
public record Call(
        String verb,
        String table,
        Optional<String> key,
        String body,
        Map<String, List<String>> params,
        Optional<String> ifMatch) {
    public Call {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params)); // keeps the client's order
    }

    /** A call without parameters or conditions, as a batch operation or a test makes. */
    public static Call of(String verb, String table, Optional<String> key, String body) {
        return new Call(verb, table, key, body, Map.of(), Optional.empty());
    }
}
