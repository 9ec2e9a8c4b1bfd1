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

/** Request parsing: one HTTP call (verb, table, key, JSON body) → the query model. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParseBenchmark {
    private RequestParser parser;

    @Setup
    public void setup() {
        parser = new RequestParser(Fixtures.schema(), Fixtures.MAX_LIMIT, false);
    }

    /** Workload A: FETCH by where. */
    @Benchmark
    public Query fetchById() {
        return parser.parse(Call.of("FETCH", "item", Optional.empty(), "{\"where\":{\"id\":12345}}"));
    }

    /** Workload A, GET variant: the key from the URL. */
    @Benchmark
    public Query getByKey() {
        return parser.parse(Call.of("GET", "item", Optional.of("12345"), ""));
    }

    /** Workload B. */
    @Benchmark
    public Query fetchCategoryPage() {
        return parser.parse(Call.of("FETCH", "item", Optional.empty(),
                "{\"where\":{\"category\":\"c42\"},\"orderby\":\"price desc\",\"limit\":20}"));
    }

    /** Workload C. */
    @Benchmark
    public Query insert() {
        return parser.parse(Call.of("POST", "item", Optional.empty(),
                "{\"name\":\"bench-1-1-1\",\"price\":12.5,\"category\":\"c07\",\"created_at\":\"2025-01-01T00:00:00Z\"}"));
    }

    /** Workload D. */
    @Benchmark
    public Query updatePrice() {
        return parser.parse(Call.of("PUT", "item", Optional.of("12345"), "{\"price\":1012345}"));
    }
}
