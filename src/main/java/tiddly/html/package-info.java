/**
 * Rows as plain HTML pages, for a browser that asks for {@code text/html}: rows, the table as the
 * caller's role sees it and the request's parameters in; escaped text with relative links out. No
 * Spark, no I/O of its own: the http stage chooses the page and gives it a writer.
 */
package tiddly.html;
