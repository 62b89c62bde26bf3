package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.CatalogChange;
import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ItemCatalog;
import dev.flinktuning.support.data.ItemProfile;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.data.ShopEventGenerator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The recommendations the job must write, computed in plain Java from the generated events and the
 * catalog: no Flink, no Kafka, no Redis, one thread, every item sorted. A window is scored with the
 * catalog as it stands at the window's last millisecond: every change that takes effect then or
 * before, and none after. The graded checks compare the job's output with it, and the demo times it
 * beside the job: a yardstick for what two cores of Flink, with Kafka and Redis around them, should
 * at least match.
 */
public final class RecommendationOracle {

  private static final long HOUR = 3_600_000;
  private static final long FIVE_MINUTES = 300_000;

  private RecommendationOracle() {}

  /** One line per user and window, as {@link RecommendationsInRedis} reads them, sorted. */
  public static List<String> expected(Scenario scenario) {
    return expected(
        scenario.generator().generate(scenario.events()),
        scenario.catalog(),
        scenario.catalogChanges());
  }

  /** The same, for these events, this catalog and these changes of it. */
  public static List<String> expected(
      List<ShopEvent> events, List<ItemProfile> catalog, List<CatalogChange> changes) {
    List<String> categories = ShopEventGenerator.categories();
    Map<Long, Map<Long, long[]>> interestByUserAndWindowEnd = new TreeMap<>();
    for (ShopEvent event : events) {
      long lastStart = event.timestamp - Math.floorMod(event.timestamp, FIVE_MINUTES);
      for (long start = lastStart; start > event.timestamp - HOUR; start -= FIVE_MINUTES) {
        long[] interest =
            interestByUserAndWindowEnd
                .computeIfAbsent(event.userId, u -> new TreeMap<>())
                .computeIfAbsent(start + HOUR, w -> new long[categories.size()]);
        interest[categories.indexOf(event.category)] += weight(event.type);
      }
    }

    Map<Long, List<ItemProfile>> catalogByWindowEnd = new TreeMap<>();
    List<String> lines = new ArrayList<>();
    interestByUserAndWindowEnd.forEach(
        (user, windows) ->
            windows.forEach(
                (windowEnd, interest) -> {
                  List<ItemProfile> asOfEnd =
                      catalogByWindowEnd.computeIfAbsent(
                          windowEnd, end -> ItemCatalog.asOf(catalog, changes, end - 1));
                  lines.add(
                      RecommendationsInRedis.line(user, windowEnd, topTen(interest, asOfEnd)));
                }));
    lines.sort(null);
    return lines;
  }

  private static String topTen(long[] interest, List<ItemProfile> catalog) {
    record Scored(long itemId, double score) {}
    List<Scored> scored = new ArrayList<>();
    for (ItemProfile item : catalog) {
      double score = 0;
      for (int c = 0; c < interest.length; c++) {
        score += interest[c] * item.features[c];
      }
      scored.add(new Scored(item.itemId, score));
    }
    scored.sort(
        Comparator.comparingDouble(Scored::score).reversed().thenComparingLong(Scored::itemId));
    return scored.stream()
        .limit(10)
        .map(s -> Long.toString(s.itemId()))
        .collect(Collectors.joining(","));
  }

  private static long weight(EventType type) {
    return switch (type) {
      case VIEW -> 1;
      case CART -> 3;
      case PURCHASE -> 5;
    };
  }
}
