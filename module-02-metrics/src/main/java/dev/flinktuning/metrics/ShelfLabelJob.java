package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ItemCatalog;
import dev.flinktuning.support.data.ItemProfile;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.launcher.StarterLauncher;
import dev.flinktuning.support.services.CatalogClient;
import dev.flinktuning.support.services.CatalogService;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Prints a shelf label for every purchase: the item's shelf and price, looked up in the shop's item
 * catalog (an HTTP service, {@link CatalogService}).
 *
 * <p>Exercise 4 of chapter 2. This job is already fast: it keys the purchases by item and asks the
 * catalog once per item, keeping the answer in keyed state. You do not edit it. You write the test
 * that keeps it fast: {@link ShelfLabelJobPerformanceTest}.
 *
 * <p>Its performance contract, which your test holds it to: <b>at most one catalog request per
 * distinct item</b> in the input, however many purchases there are.
 */
public final class ShelfLabelJob {

  /** Builds the job's lookup step for a catalog address. */
  interface LookupStep extends Serializable {
    KeyedProcessFunction<Long, ShopEvent, String> create(String catalogUrl);
  }

  /**
   * The lookup step the job runs. The graded check of exercise 4 swaps in variants of it (slow
   * ones, wrong ones) to see whether your test tells them apart; leave it alone.
   */
  static volatile LookupStep lookupStep = CachedLookup::new;

  private ShelfLabelJob() {}

  /** One label per purchase in {@code events}, with the item's profile from the catalog. */
  public static DataStream<String> labels(DataStream<ShopEvent> events, String catalogUrl) {
    return events
        .filter(event -> event.type == EventType.PURCHASE)
        .name("Purchases only")
        .keyBy(event -> event.itemId)
        .process(lookupStep.create(catalogUrl))
        .name("Look up the shelf");
  }

  /**
   * The label of one purchase: {@code order=17 item=7 shelf=BOOKS price=55.52}, the shelf and the
   * price (in euros) as the catalog has them.
   */
  public static String label(ShopEvent purchase, ItemProfile item) {
    return "order="
        + purchase.eventId
        + " item="
        + item.itemId
        + " shelf="
        + item.category
        + " price="
        + euros(item.priceCents);
  }

  static String euros(long cents) {
    long rest = cents % 100;
    return cents / 100 + (rest < 10 ? ".0" : ".") + rest;
  }

  /** Asks the catalog for an item the first time the item is seen, and keeps the answer. */
  static final class CachedLookup extends KeyedProcessFunction<Long, ShopEvent, String> {

    private final CatalogClient catalog;
    private transient ValueState<ItemProfile> item;

    CachedLookup(String catalogUrl) {
      this.catalog = new CatalogClient(catalogUrl);
    }

    @Override
    public void open(OpenContext openContext) {
      item = getRuntimeContext().getState(new ValueStateDescriptor<>("item", ItemProfile.class));
    }

    @Override
    public void processElement(ShopEvent purchase, Context context, Collector<String> out)
        throws Exception {
      ItemProfile profile = item.value();
      if (profile == null) {
        profile = catalog.item(purchase.itemId);
        item.update(profile);
      }
      out.collect(label(purchase, profile));
    }
  }

  /** Runs the job on the Web UI for about a minute, against a catalog with 2 ms of latency. */
  public static void main(String[] args) throws Exception {
    ShopEventGenerator generator = ShopEventGenerator.withSeed(4).items(500);
    try (CatalogService catalog =
        CatalogService.start(ItemCatalog.generate(4, 500), Duration.ofMillis(2))) {
      StreamExecutionEnvironment env = StarterLauncher.environment(2);
      DataStream<String> labels =
          labels(ShopEvents.throttledStream(env, generator, 1_000_000, 20_000), catalog.url());
      StarterLauncher.run(env, "Chapter 2 - shelf labels", labels);
      System.out.printf(
          "The catalog answered %,d requests: one per distinct item purchased.%n", catalog.calls());
    }
  }
}
