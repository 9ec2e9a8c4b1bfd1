/**
 * Live queries: committed changes (read from the outbox, in commit order) → events for each
 * subscriber, filtered by its role's row rules and its filter, evaluated in memory on the changed
 * row, and shaped by its select. In: {@link tiddly.sql.Change}s from {@link tiddly.sql.Database};
 * out: {@link tiddly.feed.Event}s handed to each subscriber's {@link tiddly.feed.Sink}, which the
 * http stage writes as Server-Sent Events without a thread per stream. No JSON is written here.
 */
package tiddly.feed;
