package tiddly.sql;

/** PostgreSQL's WAL positions ("log sequence numbers"), held as bytes from 0/0 and shown as 0/3000060. */
final class Lsn {
    /** The SQL of the primary's position now, as bytes: after a commit, at or past that commit's record. */
    static final String PRIMARY = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint";

    private Lsn() {}

    static String text(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
