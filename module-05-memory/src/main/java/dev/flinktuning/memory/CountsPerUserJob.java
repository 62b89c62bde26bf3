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
 * <p>The events cross a {@code keyBy} to the counting task. {@link #configure} sets the network
 * buffer timeout to zero, "for low latency": every record is flushed on its own, so a 32 KiB
 * network buffer leaves the sender with one small record in it. Each buffer costs a system call's
 * worth of work, a netty message and a wake-up of the receiver.
 *
 * <p><b>Your task:</b> change {@link #configure(StreamExecutionEnvironment)} so the records share
 * buffers. See the chapter README, "Exercise 3".
 */
public final class CountsPerUserJob {

  private CountsPerUserJob() {}

  /** Configures the job's environment before the pipeline is built. */
  public static void configure(StreamExecutionEnvironment env) {
    env.setBufferTimeout(0); // flush every record at once, "for low latency"
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
