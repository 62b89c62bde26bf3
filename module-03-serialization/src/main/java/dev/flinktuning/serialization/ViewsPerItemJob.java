package dev.flinktuning.serialization;

import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.time.Duration;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Exercise 2: page views per item per minute, and how long the pages stayed open.
 *
 * <p>The output is right, but every {@link PageView} crosses the {@code keyBy} whole, its kilobyte
 * of product JSON included, only for the window to read two of its fields: the item and the time on
 * the page.
 *
 * <p><b>Your task:</b> change {@link #viewsPerItem(DataStream)} so that only what the window needs
 * crosses from one task to the other. See the chapter README, "Exercise 2".
 */
public final class ViewsPerItemJob {

  /** The window size. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private ViewsPerItemJob() {}

  /**
   * The page views, made in the source's own task, as if read from a topic: one per shop event.
   * This is the job's input; you need not change it.
   */
  public static DataStream<PageView> pageViews(DataStream<ShopEvent> events) {
    return events
        .map(PageView::fromShopEvent)
        .setParallelism(events.getParallelism())
        .name("Page views");
  }

  /** The pipeline: page views in, one {@link ItemViews} per item and minute out. */
  public static DataStream<ItemViews> viewsPerItem(DataStream<PageView> views) {
    return views
        .keyBy(view -> view.itemId)
        .window(TumblingEventTimeWindows.of(WINDOW))
        .aggregate(new AddUpViews(), new AttachItemAndWindow())
        .name("Views per item");
  }

  /** Counts a window's views and adds up their time on the page. */
  static final class AddUpViews implements AggregateFunction<PageView, ItemViews, ItemViews> {

    @Override
    public ItemViews createAccumulator() {
      return new ItemViews();
    }

    @Override
    public ItemViews add(PageView view, ItemViews totals) {
      totals.views++;
      totals.millisOnPage += view.millisOnPage;
      return totals;
    }

    @Override
    public ItemViews getResult(ItemViews totals) {
      return totals;
    }

    @Override
    public ItemViews merge(ItemViews a, ItemViews b) {
      a.views += b.views;
      a.millisOnPage += b.millisOnPage;
      return a;
    }
  }

  /** Adds the item and the window's start to a window's totals. */
  static final class AttachItemAndWindow
      extends ProcessWindowFunction<ItemViews, ItemViews, Long, TimeWindow> {

    @Override
    public void process(
        Long itemId, Context context, Iterable<ItemViews> totals, Collector<ItemViews> out) {
      ItemViews result = totals.iterator().next();
      result.itemId = itemId;
      result.windowStart = context.window().getStart();
      out.collect(result);
    }
  }

  /** Runs the job on a local cluster with the Web UI, for about 40 seconds. */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StarterLauncher.environment(2);
    DataStream<ShopEvent> events =
        ShopEvents.throttledStream(env, ShopEventGenerator.withSeed(2), 1_000_000, 25_000);
    StarterLauncher.run(
        env, "Chapter 3, exercise 2: views per item", viewsPerItem(pageViews(events)));
  }
}
