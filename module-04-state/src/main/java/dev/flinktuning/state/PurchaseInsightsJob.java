package dev.flinktuning.state;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Exercise 1: what customers looked at before they bought.
 *
 * <p>For every purchase, it emits how many times the customer had viewed the item bought. It
 * remembers every view of every customer in a {@code ValueState<List<Long>>}. The output is right,
 * but on RocksDB each view reads the whole list, adds one item and writes the whole list back: the
 * longer a customer's history, the more every single view costs.
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

  /** Remembers each customer's views; answers from them at each purchase. */
  static final class ViewHistory extends KeyedProcessFunction<Long, ShopEvent, PurchaseInsight> {

    /** Every item the customer viewed, in order, once per view. */
    private transient ValueState<List<Long>> viewedItems;

    @Override
    public void open(OpenContext context) {
      viewedItems =
          getRuntimeContext()
              .getState(new ValueStateDescriptor<>("viewed-items", Types.LIST(Types.LONG)));
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<PurchaseInsight> out)
        throws Exception {
      if (event.type == EventType.VIEW) {
        List<Long> items = viewedItems.value();
        if (items == null) {
          items = new ArrayList<>();
        }
        items.add(event.itemId);
        viewedItems.update(items);
      } else if (event.type == EventType.PURCHASE) {
        List<Long> items = viewedItems.value();
        int timesViewed = 0;
        if (items != null) {
          for (long item : items) {
            if (item == event.itemId) {
              timesViewed++;
            }
          }
        }
        out.collect(new PurchaseInsight(event.userId, event.itemId, event.timestamp, timesViewed));
      }
    }
  }

  /** Ten regular customers who browse all day: every event is one of theirs. */
  public static ShopEventGenerator regulars(long seed) {
    return ShopEventGenerator.withSeed(seed).users(10);
  }

  /**
   * Runs the job on a local cluster with the Web UI, on RocksDB, with RocksDB's count of bytes
   * written as a metric: about 40 seconds of generated events.
   */
  public static void main(String[] args) throws Exception {
    Configuration config = new Configuration();
    config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    config.set(RocksDBNativeMetricOptions.MONITOR_BYTES_WRITTEN, true);
    StreamExecutionEnvironment env = StarterLauncher.environment(2, config);
    DataStream<ShopEvent> events = ShopEvents.throttledStream(env, regulars(4), 100_000, 2_500);
    StarterLauncher.run(env, "Chapter 4, exercise 1: views before each purchase", insights(events));
  }
}
