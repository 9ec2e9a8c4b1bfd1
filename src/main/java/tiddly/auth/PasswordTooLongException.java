package tiddly.auth;

import java.util.Map;
import tiddly.TiddlyException;

/** A password to store is longer than the 72 bytes bcrypt reads: it would be cut silently, so it is refused. */
public final class PasswordTooLongException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final String column;

    PasswordTooLongException(String column, int bytes) {
        super(
                400,
                "invalid_value",
                "column '" + column + "' is " + bytes + " bytes long in UTF-8; bcrypt uses at most "
                        + Passwords.MAX_BYTES);
        this.column = column;
    }

    @Override
    public Map<String, String> details() {
        return Map.of(column, "is longer than " + Passwords.MAX_BYTES + " bytes");
    }
}
