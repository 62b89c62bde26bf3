package dev.flinktuning.state;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Exercise 1, reference solution: how often customers looked at an item before they bought it.
 *
 * <p>Each customer's views are counted per item in a {@code MapState}. On RocksDB each map entry is
 * an entry of its own, so a view reads and writes one small entry (customer, item, count), however
 * long the customer's history; the starter read and rewrote the whole list.
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
   * Remembers how often each customer viewed each item, one map entry per item, and answers from it
   * at each purchase. A view reads and writes one small entry, however long the history.
   */
  static final class ViewHistory extends KeyedProcessFunction<Long, ShopEvent, PurchaseInsight> {

    /** Views per item: RocksDB keeps each entry under a key of its own (customer, item). */
    private transient MapState<Long, Integer> viewsPerItem;

    @Override
    public void open(OpenContext context) {
      viewsPerItem =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("views-per-item", Types.LONG, Types.INT));
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<PurchaseInsight> out)
        throws Exception {
      if (event.type == EventType.VIEW) {
        Integer views = viewsPerItem.get(event.itemId);
        viewsPerItem.put(event.itemId, views == null ? 1 : views + 1);
      } else if (event.type == EventType.PURCHASE) {
        Integer views = viewsPerItem.get(event.itemId);
        out.collect(
            new PurchaseInsight(
                event.userId, event.itemId, event.timestamp, views == null ? 0 : views));
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
