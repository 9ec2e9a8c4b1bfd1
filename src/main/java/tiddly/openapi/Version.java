package tiddly.openapi;

import java.util.Optional;

/** The OpenAPI versions Tiddly describes itself in. */
public enum Version {
    /** QUERY and FETCH as their {@code POST /t/_query} form: what today's tools read. */
    V3_1("3.1.0"),
    /** QUERY as a {@code query} operation, FETCH in {@code additionalOperations}. */
    V3_2("3.2.0");

    private final String number;

    Version(String number) {
        this.number = number;
    }

    /** The document's {@code openapi} field. */
    public String number() {
        return number;
    }

    /** "3.1", "3.1.0", "3.2" or "3.2.0" → the version; anything else is none. */
    public static Optional<Version> of(String text) {
        for (Version version : values()) {
            if (version.number.equals(text) || version.number.equals(text + ".0")) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }
}
