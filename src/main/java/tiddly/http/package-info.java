/** HTTP in (Spark routes, filters, body limits) and the JSON envelope out; the only package using Spark. */
package tiddly.http;
