package dev.flinktuning.principles;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Exercise 1: hourly statistics per category.
 *
 * <p>For each category and each hour of event time, it counts events and purchases, sums the
 * revenue and finds the dearest item bought. The output is right, but the window keeps every event
 * of the hour in state until the hour is over, then walks through them all.
 *
 * <p><b>Your task:</b> change {@link #hourlyStats(DataStream)} so each window holds a small,
 * constant amount of state however many events it sees. See the chapter README, "Exercise 1".
 */
public final class CategoryStatsJob {

  /** The window size. */
  public static final Duration WINDOW = Duration.ofHours(1);

  private CategoryStatsJob() {}

  /** The pipeline: events in, one {@link CategoryStats} per category and hour out. */
  public static DataStream<CategoryStats> hourlyStats(DataStream<ShopEvent> events) {
    return events
        .keyBy(event -> event.category)
        .window(TumblingEventTimeWindows.of(WINDOW))
        .process(new StatsOverAllEvents())
        .name("Hourly stats per category");
  }

  /** Computes a window's statistics from all its events, which Flink kept in state for it. */
  static final class StatsOverAllEvents
      extends ProcessWindowFunction<ShopEvent, CategoryStats, String, TimeWindow> {

    @Override
    public void process(
        String category,
        Context context,
        Iterable<ShopEvent> events,
        Collector<CategoryStats> out) {
      long count = 0;
      long purchases = 0;
      long revenue = 0;
      long maxPrice = 0;
      for (ShopEvent event : events) {
        count++;
        if (event.type == EventType.PURCHASE) {
          purchases++;
          revenue += event.priceCents;
          maxPrice = Math.max(maxPrice, event.priceCents);
        }
      }
      TimeWindow window = context.window();
      out.collect(
          new CategoryStats(
              category, window.getStart(), window.getEnd(), count, purchases, revenue, maxPrice));
    }
  }

  /**
   * Runs the job on a local cluster with the Web UI: about 40 seconds of generated events, with a
   * checkpoint every 5 seconds so the Web UI's Checkpoints tab shows how much state the job holds.
   */
  public static void main(String[] args) throws Exception {
    Configuration config = new Configuration();
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(5));
    StreamExecutionEnvironment env = StarterLauncher.environment(2, config);
    ShopEventGenerator generator = ShopEventGenerator.withSeed(1).millisPerEvent(200);
    DataStream<ShopEvent> events = ShopEvents.throttledStream(env, generator, 200_000, 5_000);
    StarterLauncher.run(
        env, "Chapter 1, exercise 1: hourly stats per category", hourlyStats(events));
  }
}
