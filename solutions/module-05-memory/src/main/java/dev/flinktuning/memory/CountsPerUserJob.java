package dev.flinktuning.memory;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Exercise 3: a running count of events per user, emitted with every event: (user, count so far).
 *
 * <p>Reference: records share network buffers again. See the chapter README, "Exercise 3".
 */
public final class CountsPerUserJob {

  private CountsPerUserJob() {}

  /**
   * Configures the job's environment before the pipeline is built. Reference: the buffer timeout is
   * left at Flink's default, 100 ms: a buffer leaves when it is full or 100 ms old, whichever comes
   * first. At this job's rate buffers fill long before that; at a trickle, a record waits at most
   * 100 ms. Set it lower (say 5 or 10 ms) if that bound matters, not to zero.
   */
  public static void configure(StreamExecutionEnvironment env) {
    // Flink's default buffer timeout (execution.buffer-timeout.interval: 100 ms).
  }

  /** The pipeline: events in, (user, events so far) out, one per event. */
  public static DataStream<Tuple2<Long, Long>> countsPerUser(DataStream<ShopEvent> events) {
    return events.keyBy(event -> event.userId).process(new CountPerUser()).name("Count per user");
  }

  /** Counts a user's events in keyed state, and emits the count with every event. */
  static final class CountPerUser
      extends KeyedProcessFunction<Long, ShopEvent, Tuple2<Long, Long>> {

    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext openContext) {
      count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<Tuple2<Long, Long>> out)
        throws Exception {
      Long so = count.value();
      long next = so == null ? 1 : so + 1;
      count.update(next);
      out.collect(Tuple2.of(event.userId, next));
    }
  }

  /** Runs the job on a local cluster with the Web UI, for about 40 seconds. */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StarterLauncher.environment(2);
    configure(env);
    DataStream<ShopEvent> events =
        ShopEvents.throttledStream(env, ShopEventGenerator.withSeed(3), 1_000_000, 25_000);
    StarterLauncher.run(env, "Chapter 5, exercise 3: counts per user", countsPerUser(events));
  }
}
