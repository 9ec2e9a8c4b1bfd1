package tiddly.request;

import tiddly.TiddlyException;

/** A 428: the server requires If-Match on writes (--require-if-match) and the request had none. */
public final class PreconditionRequiredException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    PreconditionRequiredException(String verb) {
        super(
                428,
                "if_match_required",
                verb + " needs an If-Match header with the row's ETag (this server runs with --require-if-match)");
    }
}
