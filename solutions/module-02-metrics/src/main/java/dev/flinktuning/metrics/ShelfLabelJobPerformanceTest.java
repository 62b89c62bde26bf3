package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ItemCatalog;
import dev.flinktuning.support.data.ItemProfile;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import dev.flinktuning.support.data.ShopEvents;
import dev.flinktuning.support.grading.Budget;
import dev.flinktuning.support.grading.CollectingSink;
import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.OutputCheck;
import dev.flinktuning.support.services.CatalogService;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exercise 4 of chapter 2: a performance regression test for {@link ShelfLabelJob}.
 *
 * <p>Run the job to its end, compare its output with a plain-Java oracle, and only then measure a
 * deterministic cost: the requests the catalog served, against a budget derived from the input.
 *
 * <p>It sits in {@code src/main/java} so that the course's reference solution and its graded check
 * can swap it; in your own project such a test belongs in {@code src/test/java}.
 */
public class ShelfLabelJobPerformanceTest {

  @RegisterExtension static final GradingCluster CLUSTER = GradingCluster.withSlots(2);

  private static final int ITEMS = 100;
  private static final ShopEventGenerator INPUT = ShopEventGenerator.withSeed(4).items(ITEMS);
  private static final int EVENTS = 5_000;

  @Test
  void asksTheCatalogOncePerItem() throws Exception {
    List<ItemProfile> items = ItemCatalog.generate(4, ITEMS);
    // No latency: the test counts requests, it does not time them.
    try (CatalogService catalog = CatalogService.start(items, Duration.ZERO)) {
      StreamExecutionEnvironment env = CLUSTER.environment(2);
      CollectingSink<String> labels =
          CollectingSink.collect(
              ShelfLabelJob.labels(ShopEvents.stream(env, INPUT, EVENTS), catalog.url()));
      CLUSTER.run(env); // the job runs to its end first

      List<ShopEvent> purchases =
          INPUT.generate(EVENTS).stream().filter(e -> e.type == EventType.PURCHASE).toList();
      OutputCheck.assertSameRecords("shelf labels", labels.results(), oracle(purchases, items));

      long distinctItems = purchases.stream().mapToLong(p -> p.itemId).distinct().count();
      Budget.of("Catalog requests for " + purchases.size() + " purchases", "requests")
          .measured(catalog.calls())
          .atMost(distinctItems) // the job's contract: one request per distinct item
          .typically("one per purchase", "one per distinct item")
          .readOn("module-02-metrics/README.md", "Exercise 4: an honest performance test")
          .verify();
    }
  }

  /** The labels, computed in plain Java from the catalog's items. */
  private static List<String> oracle(List<ShopEvent> purchases, List<ItemProfile> items) {
    Map<Long, ItemProfile> byId =
        items.stream().collect(Collectors.toMap(i -> i.itemId, Function.identity()));
    return purchases.stream()
        .map(
            p -> {
              ItemProfile item = byId.get(p.itemId);
              return String.format(
                  Locale.ROOT,
                  "order=%d item=%d shelf=%s price=%d.%02d",
                  p.eventId,
                  item.itemId,
                  item.category,
                  item.priceCents / 100,
                  item.priceCents % 100);
            })
        .toList();
  }
}
