package tiddly.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tiddly.auth.SignIn;

/**
 * What one document describes: the version, the role's tables and what it may do with them, and
 * the server's settings that shape requests.
 *
 * @param open no rules: every caller may do everything
 * @param anonymous the document is for a caller without credentials
 * @param admin the role may reload the schema
 */
record Api(
        Version version,
        boolean open,
        boolean anonymous,
        boolean admin,
        SignIn signIn,
        long maxLimit,
        boolean requireIfMatch,
        List<Grant> grants,
        Names names) {
    Api {
        grants = List.copyOf(grants);
    }

    /** Credentials matter: rules may refuse (401, 403), or credentials may be refused (401). */
    boolean guarded() {
        return !open || signIn.any();
    }

    /** The error responses of an operation by status; 401 and 403 only where credentials matter. */
    Map<String, Object> errors(int... statuses) {
        Map<String, Object> responses = new LinkedHashMap<>();
        for (int status : statuses) {
            if ((status == 401 || status == 403) && !guarded()) {
                continue;
            }
            responses.put(Integer.toString(status), Json.response("Error" + status));
        }
        return responses;
    }
}
