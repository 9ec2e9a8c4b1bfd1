package tiddly.auth;

import java.util.Map;
import tiddly.TiddlyException;

/**
 * A password to store that cannot work: empty (it would sign in with nothing), or longer than the
 * 72 bytes bcrypt reads (it would be cut silently).
 */
public final class InvalidPasswordException extends TiddlyException {
    private static final long serialVersionUID = 1L;

    private final String column;
    private final String problem;

    private InvalidPasswordException(String column, String message, String problem) {
        super(400, "invalid_value", message);
        this.column = column;
        this.problem = problem;
    }

    static InvalidPasswordException tooLong(String column, int bytes) {
        return new InvalidPasswordException(
                column,
                "column '" + column + "' is " + bytes + " bytes long in UTF-8; bcrypt uses at most "
                        + Passwords.MAX_BYTES,
                "is longer than " + Passwords.MAX_BYTES + " bytes");
    }

    static InvalidPasswordException empty(String column) {
        return new InvalidPasswordException(
                column, "column '" + column + "' is empty: an empty password cannot be stored", "is empty");
    }

    @Override
    public Map<String, String> details() {
        return Map.of(column, problem);
    }
}
