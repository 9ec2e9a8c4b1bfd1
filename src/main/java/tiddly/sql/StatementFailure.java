package tiddly.sql;

import java.sql.SQLException;

/** A statement's SQLException, unchecked on its way up to {@link Database}, which translates it. */
final class StatementFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StatementFailure(SQLException cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
