package tiddly.query;

import java.util.List;

/**
 * The value an update gives a JSON column when it changes paths inside it instead of the whole
 * document: {@code "_paths": [{"of": "meta", "path": ["dims", "w"], "set": 12}]}. The database
 * applies every edit in the UPDATE itself, so concurrent edits of other paths are not lost.
 */
public record JsonEdits(List<Edit> edits) {
    public JsonEdits {
        edits = List.copyOf(edits);
    }

    /**
     * @param path object keys (String) and array positions (Integer), at least one
     * @param json the new value, as JSON text
     */
    public record Edit(List<Object> path, String json) {
        public Edit {
            path = List.copyOf(path);
        }

        /** The path without its last item: the object or array the edit writes into. */
        public List<Object> parent() {
            return path.subList(0, path.size() - 1);
        }
    }
}
