/**
 * Application code around every operation (docs/extending.md): before hooks see the caller and the
 * query model and may narrow or refuse it, after hooks see the rows in the same transaction, after-commit
 * hooks run once the write is durable; Java functions answer {@code /_rpc/name}.
 */
package tiddly.hook;
