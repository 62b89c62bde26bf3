package dev.flinktuning.principles;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Exercise 3, reference solution: events per item per minute, counted in two phases.
 *
 * <p>Phase one keys by item <em>and</em> a salt, so a hot item's events are spread over {@link
 * #SALTS} keys and so over all subtasks, and counts them per window: partial counts. Phase two keys
 * the partial counts by item alone and adds them up per window. Phase two receives a few partial
 * counts per item and minute instead of every event, so its skew costs little.
 */
public final class ItemActivityJob {

  /** The window size. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  /** How many keys each item is spread over in phase one. */
  static final int SALTS = 16;

  private ItemActivityJob() {}

  /** The pipeline: events in, one {@link ItemCount} per item and minute out. */
  public static DataStream<ItemCount> activityPerMinute(DataStream<ShopEvent> events) {
    DataStream<ItemCount> partialCounts =
        events
            // The salt comes from the event itself, so a replay salts it the same way.
            .keyBy(event -> event.itemId * SALTS + event.eventId % SALTS)
            .window(TumblingEventTimeWindows.of(WINDOW))
            .aggregate(CountPerItemAndWindow.count(), new AttachSaltedItemAndWindow())
            .name("Partial counts per salted item and minute");

    // A window's result carries the window's last millisecond as its timestamp, so the partial
    // counts fall into the same minute again here.
    return partialCounts
        .keyBy(partial -> partial.itemId)
        .window(TumblingEventTimeWindows.of(WINDOW))
        .reduce((a, b) -> new ItemCount(a.itemId, a.windowStart, a.windowEnd, a.count + b.count))
        .name("Events per item and minute");
  }

  /** Turns a salted key's count into an {@link ItemCount} for its item. */
  static final class AttachSaltedItemAndWindow
      extends ProcessWindowFunction<Long, ItemCount, Long, TimeWindow> {

    @Override
    public void process(
        Long saltedItem, Context context, Iterable<Long> counts, Collector<ItemCount> out) {
      TimeWindow window = context.window();
      out.collect(
          new ItemCount(
              saltedItem / SALTS, window.getStart(), window.getEnd(), counts.iterator().next()));
    }
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
