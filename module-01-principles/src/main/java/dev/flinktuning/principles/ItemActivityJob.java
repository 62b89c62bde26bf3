package dev.flinktuning.principles;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Exercise 3: events per item per minute, when a few items are far more popular than the rest.
 *
 * <p>The output is right, but {@code keyBy(itemId)} sends every event of an item to the same
 * subtask, so the subtask that owns the most popular item does far more work than the others, and
 * the whole job waits for it.
 *
 * <p><b>Your task:</b> change {@link #activityPerMinute(DataStream)} so the events are spread
 * evenly over the counting subtasks, and the counts stay exactly the same. See the chapter README,
 * "Exercise 3".
 */
public final class ItemActivityJob {

  /** The window size. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private ItemActivityJob() {}

  /** The pipeline: events in, one {@link ItemCount} per item and minute out. */
  public static DataStream<ItemCount> activityPerMinute(DataStream<ShopEvent> events) {
    return events
        .keyBy(event -> event.itemId)
        .window(TumblingEventTimeWindows.of(WINDOW))
        .aggregate(CountPerItemAndWindow.count(), CountPerItemAndWindow.attachItemAndWindow())
        .name("Events per item and minute");
  }

  /** A shop where the top item gets about a quarter of all events. */
  public static ShopEventGenerator skewedShop(long seed) {
    return ShopEventGenerator.withSeed(seed).items(500).zipfExponent(1.2);
  }

  /** Runs the job on a local cluster with the Web UI. */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StarterLauncher.environment(4);
    DataStream<ShopEvent> events = ShopEvents.throttledStream(env, skewedShop(3), 400_000, 10_000);
    StarterLauncher.run(
        env, "Chapter 1, exercise 3: events per item and minute", activityPerMinute(events));
  }
}
