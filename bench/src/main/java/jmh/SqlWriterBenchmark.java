package jmh;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tiddly.query.Query;
import tiddly.request.Call;
import tiddly.request.RequestParser;
import tiddly.sql.Script;
import tiddly.sql.SqlWriter;
import tiddly.sql.SqliteDialect;

/** SQL generation: the query model → SQL text and parameters. The queries are parsed once, in setup. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SqlWriterBenchmark {
    private SqlWriter writer;
    private Query fetchById;
    private Query getByKey;
    private Query fetchCategoryPage;
    private Query insert;
    private Query updatePrice;

    @Setup
    public void setup() {
        RequestParser parser = new RequestParser(Fixtures.schema(), Fixtures.MAX_LIMIT, false);
        writer = new SqlWriter(new SqliteDialect());
        fetchById = parser.parse(Call.of("FETCH", "item", Optional.empty(), "{\"where\":{\"id\":12345}}"));
        getByKey = parser.parse(Call.of("GET", "item", Optional.of("12345"), ""));
        fetchCategoryPage = parser.parse(Call.of("FETCH", "item", Optional.empty(),
                "{\"where\":{\"category\":\"c42\"},\"orderby\":\"price desc\",\"limit\":20}"));
        insert = parser.parse(Call.of("POST", "item", Optional.empty(),
                "{\"name\":\"bench-1-1-1\",\"price\":12.5,\"category\":\"c07\",\"created_at\":\"2025-01-01T00:00:00Z\"}"));
        updatePrice = parser.parse(Call.of("PUT", "item", Optional.of("12345"), "{\"price\":1012345}"));
    }

    @Benchmark
    public Script fetchById() {
        return writer.write(fetchById);
    }

    @Benchmark
    public Script getByKey() {
        return writer.write(getByKey);
    }

    @Benchmark
    public Script fetchCategoryPage() {
        return writer.write(fetchCategoryPage);
    }

    @Benchmark
    public Script insert() {
        return writer.write(insert);
    }

    @Benchmark
    public Script updatePrice() {
        return writer.write(updatePrice);
    }
}
