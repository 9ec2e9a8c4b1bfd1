package tiddly.auth;

import tiddly.TiddlyException;

/** More than one credential in one request: two kinds, or a header given twice. */
public final class AmbiguousCredentialsException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    AmbiguousCredentialsException(int authorizations, int apiKeys) {
        super(
                400,
                "ambiguous_credentials",
                "send one credential: " + authorizations + " Authorization and " + apiKeys
                        + " X-API-Key header(s) were sent; use either one Authorization or one X-API-Key header");
    }
}
