package tiddly.query;

import java.util.List;
import java.util.Optional;

/**
 * {@code limit} and {@code offset}; the limit is always set, at most the server's maximum.
 *
 * @param after a cursor's position: the order-by values of the last row already seen; rows
 *     strictly after it come next
 */
public record Page(long limit, long offset, Optional<List<Object>> after) {
    public Page(long limit, long offset) {
        this(limit, offset, Optional.empty());
    }
}
