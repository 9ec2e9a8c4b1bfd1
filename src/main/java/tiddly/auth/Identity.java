package tiddly.auth;

import java.util.Map;
import java.util.Optional;

/**
 * Who sent a request: a role, and for a signed-in user their id ({@code sub}) and the token's
 * claims, which rules read as {@code $auth.sub}, {@code $auth.role} and {@code $auth.<claim>}.
 */
public record Identity(String role, Optional<String> subject, Map<String, Object> claims) {
    public static final String ANON = "anon";

    public Identity {
        claims = Map.copyOf(claims);
    }

    /** No credentials. */
    public static final Identity ANONYMOUS = new Identity(ANON, Optional.empty(), Map.of());

    public boolean anonymous() {
        return role.equals(ANON) && subject.isEmpty();
    }

    /** A claim for {@code $auth.<name>}: sub and role first, then the token's other claims. */
    public Optional<Object> claim(String name) {
        return switch (name) {
            case "sub" -> subject.map(value -> (Object) value);
            case "role" -> Optional.of(role);
            default -> Optional.ofNullable(claims.get(name));
        };
    }
}
