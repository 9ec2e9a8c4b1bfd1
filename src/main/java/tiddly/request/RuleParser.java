package tiddly.request;

import com.google.gson.JsonElement;
import tiddly.query.Where;
import tiddly.schema.Column;
import tiddly.schema.Schema;
import tiddly.schema.Table;

/**
 * Permission rules' where-clauses and forced values, in the request language. Their values are
 * text (token claims are strings), converted by column type as query parameters are.
 */
public final class RuleParser {
    private final Relations relations;

    public RuleParser(Schema schema) {
        this.relations = new Relations(schema);
    }

    /**
     * A permission rule's where for {@code table}. Its values are text, converted by column type
     * as query parameters are, because they come from token claims, which are strings.
     */
    public Where where(Table table, JsonElement json) {
        return WhereParser.parseRule(table, json, relations);
    }

    /** A permission rule's forced value for {@code column}, from text. */
    public Object value(Column column, String text) {
        try {
            return Values.fromText(column, text);
        } catch (Values.Problem problem) {
            throw BadRequestException.invalidValue(column.name(), problem.getMessage());
        }
    }
}
