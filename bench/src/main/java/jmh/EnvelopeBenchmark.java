package jmh;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tiddly.http.Envelope;

/** Row-to-JSON writing: a FETCH's rows → the {"status":"success","data":[…]} body (workloads B and F). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EnvelopeBenchmark {
    @Param({"20", "1000"})
    public int rows;

    private List<Map<String, Object>> data;

    @Setup
    public void setup() {
        data = Fixtures.rows(rows);
    }

    @Benchmark
    public String success() {
        return Envelope.success(data);
    }
}
