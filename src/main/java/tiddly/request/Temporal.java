package tiddly.request;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import tiddly.schema.Column;

/**
 * Checks the text of a UUID, date or time value and writes it in the one form every database
 * reads: ISO-8601, with a space between date and time where there is no offset (MariaDB).
 */
final class Temporal {
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS");

    private Temporal() {}

    /** @param shown the value as the error names it: quoted as JSON, or as URL text */
    static String parse(Column column, String text, String shown) throws Values.Problem {
        try {
            return switch (column.type()) {
                case UUID -> {
                    if (!UUID.matcher(text).matches()) {
                        throw Values.wrongType(column, shown);
                    }
                    yield text.toLowerCase(java.util.Locale.ROOT);
                }
                case TIMESTAMPTZ -> OffsetDateTime.parse(text).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                case TIMESTAMP -> LocalDateTime.parse(text.replace(' ', 'T')).format(LOCAL);
                case DATE -> LocalDate.parse(text).toString();
                case TIME -> LocalTime.parse(text).format(DateTimeFormatter.ISO_LOCAL_TIME);
                default -> throw new IllegalArgumentException(column.type() + " is not a date, time or UUID");
            };
        } catch (DateTimeParseException notIso) {
            throw Values.wrongType(column, shown);
        }
    }
}
