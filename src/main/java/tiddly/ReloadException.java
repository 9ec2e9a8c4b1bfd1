package tiddly;

/** A schema reload that the configuration does not fit: the old schema is still served. */
final class ReloadException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    ReloadException(String message, Throwable cause) {
        super(409, "reload_failed", "the schema was not reloaded: " + message, cause);
    }
}
