package dev.flinktuning.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a graded check: measures the latency cost of the buffer timeout of Exercise 3 (README,
 * "Exercise 3", "The latency cost"). Runs exercise 3's shape (a source, a {@code keyBy}, a keyed
 * count) at a fixed, modest rate, once per buffer timeout, and prints percentiles of each record's
 * time from its creation in the source to the end of the count. It is a timing, so it only runs
 * when asked:
 *
 * <pre>
 * ./mvnw -pl module-05-memory -am test -Dtest=BufferTimeoutLatencyTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dcourse.latency=true
 * </pre>
 */
@DisplayName("Chapter 5 · Exercise 3 · the buffer timeout's latency cost (measured, not graded)")
@EnabledIfSystemProperty(named = "course.latency", matches = "true")
class BufferTimeoutLatencyTest {

  /** Records a second, over both source subtasks: modest, so that buffers fill slowly. */
  static final int RATE = Integer.getInteger("course.latency.rate", 1_000);

  static final Duration RUN = Duration.ofSeconds(Long.getLong("course.latency.seconds", 12));

  /** Records from the first seconds (JIT warm-up, start-up) are left out. */
  static final Duration WARM_UP = Duration.ofSeconds(2);

  static final ConcurrentLinkedQueue<Long> LATENCIES = new ConcurrentLinkedQueue<>();

  @Test
  @DisplayName("record latency at buffer timeouts 0 (starter), 5 ms, 10 ms and 100 ms (reference)")
  void latencyPerBufferTimeout() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "%nLatency from source to count, %,d records/s over 2 channels, %d s a run (ms):%n",
        RATE,
        RUN.toSeconds());
    System.out.printf(
        Locale.ROOT,
        "  %-14s %8s %8s %8s %8s %8s%n",
        "buffer timeout",
        "p50",
        "p90",
        "p99",
        "max",
        "records");
    for (long timeout : new long[] {0, 5, 10, 100}) {
      List<Long> latencies = run(timeout);
      Collections.sort(latencies);
      System.out.printf(
          Locale.ROOT,
          "  %-14s %8.2f %8.2f %8.2f %8.2f %8d%n",
          timeout + " ms" + (timeout == 0 ? " (starter)" : timeout == 100 ? " (ref.)" : ""),
          percentile(latencies, 50),
          percentile(latencies, 90),
          percentile(latencies, 99),
          percentile(latencies, 100),
          latencies.size());
    }
  }

  private static List<Long> run(long bufferTimeout) throws Exception {
    LATENCIES.clear();
    Configuration conf = new Configuration();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    env.setBufferTimeout(bufferTimeout);
    long records = RATE * RUN.toSeconds();
    long warmUp = RATE * WARM_UP.toSeconds();
    DataGeneratorSource<Tuple2<Long, Long>> source =
        new DataGeneratorSource<>(
            index -> Tuple2.of(index, System.nanoTime()),
            records,
            RateLimiterStrategy.perSecond(RATE),
            Types.TUPLE(Types.LONG, Types.LONG));
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
        .keyBy(event -> event.f0 % 500)
        .process(new Count(warmUp))
        .sinkTo(new LatencySink());
    env.execute("Chapter 5: buffer timeout " + bufferTimeout + " ms");
    return new ArrayList<>(LATENCIES);
  }

  private static double percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
  }

  /** Exercise 3's keyed count; emits each record's latency, in nanoseconds, after warm-up. */
  static final class Count extends KeyedProcessFunction<Long, Tuple2<Long, Long>, Long> {
    private final long warmUp;
    private transient ValueState<Long> count;

    Count(long warmUp) {
      this.warmUp = warmUp;
    }

    @Override
    public void open(OpenContext context) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Tuple2<Long, Long> event, Context ctx, Collector<Long> out)
        throws Exception {
      Long so = count.value();
      count.update(so == null ? 1 : so + 1);
      if (event.f0 >= warmUp) {
        out.collect(System.nanoTime() - event.f1);
      }
    }
  }

  /** Keeps the latencies in this JVM (the cluster is local). */
  static final class LatencySink implements Sink<Long> {
    @Override
    public SinkWriter<Long> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(Long latency, Context context) {
          LATENCIES.add(latency);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}
