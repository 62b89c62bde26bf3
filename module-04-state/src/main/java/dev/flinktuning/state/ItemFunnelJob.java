package dev.flinktuning.state;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Exercise 3a: a live funnel per item, on small, hot state.
 *
 * <p>For every purchase, it emits the item's views, carts and purchases so far. Its state is one
 * small {@link ItemFunnel} per item: a thousand items, a few dozen kilobytes in all, and every
 * event reads and writes it.
 *
 * <p><b>Your task:</b> do not change this code. Choose the state backend in {@code
 * src/main/resources/item-funnel.yaml}. See the chapter README, "Exercise 3: choosing the state
 * backend".
 */
public final class ItemFunnelJob {

  /** Where this job's configuration comes from, in {@code src/main/resources}. */
  public static final String CONFIGURATION = "item-funnel.yaml";

  private ItemFunnelJob() {}

  /** The job's configuration: what you set in {@value #CONFIGURATION}. */
  public static Configuration configuration() {
    return JobConfiguration.fromResource(CONFIGURATION);
  }

  /** The pipeline: events in, the item's funnel so far at each purchase out. */
  public static DataStream<ItemFunnel> funnelAtPurchases(DataStream<ShopEvent> events) {
    return events.keyBy(event -> event.itemId).process(new CountFunnel()).name("Funnel per item");
  }

  /** Counts each item's events by type; reports the counts at each purchase. */
  static final class CountFunnel extends KeyedProcessFunction<Long, ShopEvent, ItemFunnel> {

    private transient ValueState<ItemFunnel> funnel;

    @Override
    public void open(OpenContext context) {
      funnel = getRuntimeContext().getState(new ValueStateDescriptor<>("funnel", ItemFunnel.class));
    }

    @Override
    public void processElement(ShopEvent event, Context context, Collector<ItemFunnel> out)
        throws Exception {
      ItemFunnel counts = funnel.value();
      if (counts == null) {
        counts = new ItemFunnel(event.itemId, 0, 0, 0, event.timestamp);
      }
      switch (event.type) {
        case VIEW -> counts.views++;
        case CART -> counts.carts++;
        case PURCHASE -> counts.purchases++;
      }
      counts.lastEvent = Math.max(counts.lastEvent, event.timestamp);
      funnel.update(counts);
      if (event.type == EventType.PURCHASE) {
        out.collect(
            new ItemFunnel(
                counts.itemId, counts.views, counts.carts, counts.purchases, counts.lastEvent));
      }
    }
  }

  /** Runs the job on a local cluster with the Web UI, with the configuration of the file. */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StarterLauncher.environment(2, configuration());
    ShopEventGenerator generator = ShopEventGenerator.withSeed(8);
    DataStream<ShopEvent> events = ShopEvents.throttledStream(env, generator, 2_000_000, 50_000);
    StarterLauncher.run(env, "Chapter 4, exercise 3a: funnel per item", funnelAtPurchases(events));
  }
}
