package tiddly.sql;

/** PostgreSQL's WAL positions ("log sequence numbers"), held as bytes from 0/0 and shown as 0/3000060. */
final class Lsn {
    /** The SQL of the primary's position now, as bytes: after a commit, at or past that commit's record. */
    static final String PRIMARY = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint";
    /** Tiddly-Position's form: 16 hexadecimal digits. */
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[0-9A-Fa-f]{16}");

    private Lsn() {}

    /** Tiddly-Position's form of a position: 16 hexadecimal digits, so that comparing texts compares positions. */
    static String token(long lsn) {
        return String.format(java.util.Locale.ROOT, "%016X", lsn);
    }

    /**
     * A Tiddly-Position header's position; one past any real position (2^63 and more, which no
     * WAL reaches) counts as the newest there can be, so that it is read on the primary.
     */
    static long parseToken(String token) {
        if (!TOKEN.matcher(token).matches()) {
            throw new InvalidPositionException();
        }
        long position = Long.parseUnsignedLong(token, 16);
        return position < 0 ? Long.MAX_VALUE : position;
    }

    static String text(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
