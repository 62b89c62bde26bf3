package dev.flinktuning.state;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Exercise 1, reference solution: what customers looked at before they bought, with one state entry
 * per item viewed.
 *
 * <p>For every purchase, it emits how many times the customer had viewed the item bought, and how
 * many different items they had viewed in all. It remembers every view of every customer in a
 * {@code ValueState<List<Long>>}. The output is right, but on RocksDB each view reads the whole
 * list, adds one item and writes the whole list back: the longer a customer's history, the more
 * every single view costs.
 *
 * <p><b>Your task:</b> change {@link ViewHistory} so a view writes only what is new. See the
 * chapter README, "Exercise 1".
 */
public final class PurchaseInsightsJob {

  private PurchaseInsightsJob() {}

  /** The pipeline: events in, one {@link PurchaseInsight} per purchase out. */
  public static DataStream<PurchaseInsight> insights(DataStream<ShopEvent> events) {
    return events
        .keyBy(event -> event.userId)
        .process(new ViewHistory())
        .name("Views before each purchase");
  }

  /**
   * Remembers each customer's views as one map entry per item, and answers from them at each
   * purchase. A view reads and writes one small entry, however long the customer's history.
   */
  static final class ViewHistory extends KeyedProcessFunction<Long, ShopEvent, PurchaseInsight> {

    /** Views per item: RocksDB keeps each entry under its own key (customer, item). */
    private transient MapState<Long, Integer> viewsPerItem;

    /** How many different items the customer viewed: the map's size, without reading the map. */
    private transient ValueState<Integer> itemsViewed;

    @Override
    public void open(OpenContext context) {
      viewsPerItem =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("views-per-item", Types.LONG, Types.INT));
      itemsViewed =
          getRuntimeContext().getState(new ValueStateDescriptor<>("items-viewed", Types.INT));
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<PurchaseInsight> out)
        throws Exception {
      if (event.type == EventType.VIEW) {
        Integer views = viewsPerItem.get(event.itemId);
        if (views == null) {
          itemsViewed.update(itemsViewedSoFar() + 1);
          views = 0;
        }
        viewsPerItem.put(event.itemId, views + 1);
      } else if (event.type == EventType.PURCHASE) {
        Integer timesViewed = viewsPerItem.get(event.itemId);
        out.collect(
            new PurchaseInsight(
                event.userId,
                event.itemId,
                event.timestamp,
                timesViewed == null ? 0 : timesViewed,
                itemsViewedSoFar()));
      }
    }

    private int itemsViewedSoFar() throws Exception {
      Integer items = itemsViewed.value();
      return items == null ? 0 : items;
    }
  }

  /** Ten regular customers who browse all day: every event is one of theirs. */
  public static ShopEventGenerator regulars(long seed) {
    return ShopEventGenerator.withSeed(seed).users(10);
  }

  /**
   * Runs the job on a local cluster with the Web UI, on RocksDB: about 40 seconds of generated
   * events.
   */
  public static void main(String[] args) throws Exception {
    Configuration config = new Configuration();
    config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    StreamExecutionEnvironment env = StarterLauncher.environment(2, config);
    DataStream<ShopEvent> events = ShopEvents.throttledStream(env, regulars(4), 100_000, 2_500);
    StarterLauncher.run(env, "Chapter 4, exercise 1: views before each purchase", insights(events));
  }
}
