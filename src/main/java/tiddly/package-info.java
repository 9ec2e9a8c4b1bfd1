/**
 * Tiddly: any relational database as a JSON API. The packages are the request pipeline, in order:
 * {@code http} → {@code request} → {@code query} → {@code sql}, with {@code schema} as the
 * whitelist they all check names against.
 */
package tiddly;
