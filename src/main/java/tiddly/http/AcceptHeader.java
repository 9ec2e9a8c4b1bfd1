package tiddly.http;

import java.util.Locale;

/**
 * Content negotiation between JSON and HTML by the Accept header's q-values (RFC 9110 §12.5.1):
 * each type takes the q of the most specific range that matches it ({@code text/html} before
 * {@code text/*} before {@code *}{@code /*}); HTML wins only when its q is above 0 and above
 * JSON's. A browser's navigation header ({@code text/html,…,*}{@code /*;q=0.8}) gets HTML; no
 * header, {@code *}{@code /*}, or a tie keeps JSON, the default.
 */
final class AcceptHeader {
    private AcceptHeader() {}

    static boolean prefersHtml(String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        double html = quality(header, "text", "html");
        return html > 0 && html > quality(header, "application", "json");
    }

    /** Whether every range of a non-blank header has {@code q=0}, so that no type at all is acceptable. */
    static boolean acceptsNothing(String header) {
        if (header.isBlank()) {
            return false;
        }
        for (String range : header.split(",")) {
            if (q(range.split(";")) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The q the header gives {@code type/subtype}: that of its most specific matching range, 0 if none. */
    static double quality(String header, String type, String subtype) {
        int best = -1;
        double quality = 0;
        for (String range : header.split(",")) {
            String[] parts = range.split(";");
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            int specificity =
                    name.equals(type + "/" + subtype) ? 2 : name.equals(type + "/*") ? 1 : name.equals("*/*") ? 0 : -1;
            if (specificity > best) {
                double q = q(parts);
                if (q >= 0) {
                    best = specificity;
                    quality = q;
                }
            }
        }
        return quality;
    }

    /** The range's q, 1 when it has none; -1 when it is not a number from 0 to 1, so the range is ignored. */
    private static double q(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() > 2 && (parameter.startsWith("q=") || parameter.startsWith("Q="))) {
                try {
                    double q = Double.parseDouble(parameter.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return 1;
    }
}
