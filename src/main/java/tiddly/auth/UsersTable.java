package tiddly.auth;

import java.util.Optional;

/**
 * Where users are: the table, the column that names a user at login (such as email), the column
 * of bcrypt hashes, and optionally a column holding each user's role.
 */
public record UsersTable(String table, String identity, String password, Optional<String> role, String defaultRole) {}
