/**
 * The permission step: query model + identity → the query the caller's role may run, its row
 * rules ANDed in, or an {@link tiddly.permission.AccessDeniedException}. Pure: no I/O.
 */
package tiddly.permission;
