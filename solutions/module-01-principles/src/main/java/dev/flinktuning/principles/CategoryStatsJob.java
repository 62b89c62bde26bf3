package dev.flinktuning.principles;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Exercise 1, reference solution: hourly statistics per category, aggregated incrementally.
 *
 * <p>An {@link AggregateFunction} folds each event into a small accumulator as it arrives, so a
 * window holds four numbers instead of all its events. A {@link ProcessWindowFunction} runs once
 * per window at the end, only to attach the category and the window's bounds.
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
        .aggregate(new StatsAggregate(), new AttachCategoryAndWindow())
        .name("Hourly stats per category");
  }

  /** Folds events into a {@link CategoryStats} that has no category or window yet. */
  static final class StatsAggregate
      implements AggregateFunction<ShopEvent, CategoryStats, CategoryStats> {

    @Override
    public CategoryStats createAccumulator() {
      return new CategoryStats();
    }

    @Override
    public CategoryStats add(ShopEvent event, CategoryStats stats) {
      stats.events++;
      if (event.type == EventType.PURCHASE) {
        stats.purchases++;
        stats.revenueCents += event.priceCents;
        stats.maxPriceCents = Math.max(stats.maxPriceCents, event.priceCents);
      }
      return stats;
    }

    @Override
    public CategoryStats getResult(CategoryStats stats) {
      return stats;
    }

    @Override
    public CategoryStats merge(CategoryStats a, CategoryStats b) {
      a.events += b.events;
      a.purchases += b.purchases;
      a.revenueCents += b.revenueCents;
      a.maxPriceCents = Math.max(a.maxPriceCents, b.maxPriceCents);
      return a;
    }
  }

  /** Gets the one aggregated result of a window and adds what only the window knows. */
  static final class AttachCategoryAndWindow
      extends ProcessWindowFunction<CategoryStats, CategoryStats, String, TimeWindow> {

    @Override
    public void process(
        String category,
        Context context,
        Iterable<CategoryStats> aggregated,
        Collector<CategoryStats> out) {
      CategoryStats stats = aggregated.iterator().next();
      stats.category = category;
      stats.windowStart = context.window().getStart();
      stats.windowEnd = context.window().getEnd();
      out.collect(stats);
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
