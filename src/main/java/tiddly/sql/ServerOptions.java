package tiddly.sql;

import java.time.Duration;
import java.util.Optional;

/**
 * How to reach a database server and what every session of it gets: the URL, PostgreSQL's schema,
 * the login, and the statement timeout. A read replica is reached with the same, at its own URL.
 *
 * @param url a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL
 * @param schema PostgreSQL's schema to serve; MariaDB serves the URL's database
 */
public record ServerOptions(
        String url, String schema, Optional<String> user, Optional<String> password, Duration statementTimeout) {

    /** The same options for another host: a read replica's URL. */
    ServerOptions at(String otherUrl) {
        return new ServerOptions(otherUrl, schema, user, password, statementTimeout);
    }
}
