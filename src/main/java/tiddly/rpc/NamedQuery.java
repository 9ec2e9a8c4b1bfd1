package tiddly.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tiddly.schema.ColumnType;

/**
 * A named query from the config file, {@code /_rpc}'s functions on SQLite (and available on any
 * database): SQL with {@code :name} parameters, which are bound, never spliced.
 *
 * @param sql the statement with each {@code :name} replaced by {@code ?}
 * @param parameters the argument bound to each {@code ?}, in order
 */
public record NamedQuery(Function function, String sql, List<String> parameters) {
    public NamedQuery {
        parameters = List.copyOf(parameters);
    }

    /**
     * @param types each parameter's type name (integer, real, text, boolean, …, as a column is declared)
     * @param returns "rows"; "scalar", the one value of its first row; "changed", how many rows a
     *     statement without rows changed
     * @throws IllegalArgumentException a parameter of the SQL that has no type, or the other way round
     */
    public static NamedQuery of(String name, String sql, Map<String, String> types, boolean readOnly, String returns) {
        StringBuilder plain = new StringBuilder();
        List<String> order = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
                plain.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                plain.append(c);
            } else if (c == ':' && i + 1 < sql.length() && Character.isLetter(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String parameter = sql.substring(i + 1, end);
                if (!types.containsKey(parameter)) {
                    throw new IllegalArgumentException(
                            "query '" + name + "' uses :" + parameter + ", which params does not type");
                }
                order.add(parameter);
                plain.append('?');
                i = end - 1;
            } else {
                plain.append(c);
            }
        }
        List<Argument> arguments = new ArrayList<>();
        types.forEach((parameter, type) -> {
            if (!order.contains(parameter)) {
                throw new IllegalArgumentException(
                        "query '" + name + "' has a param '" + parameter + "' its SQL does not use");
            }
            arguments.add(new Argument(parameter, ColumnType.ofDeclared(type), type, false));
        });
        return new NamedQuery(
                new Function(
                        name, arguments, Function.Returns.valueOf(returns.toUpperCase(Locale.ROOT)), readOnly, "query"),
                plain.toString(),
                order);
    }
}
