package dev.flinktuning.principles;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The expected hourly statistics, computed in plain Java from the same events. */
final class CategoryStatsOracle {

  private CategoryStatsOracle() {}

  static List<CategoryStats> expected(List<ShopEvent> events, long windowMillis) {
    Map<String, CategoryStats> byCategoryAndWindow = new LinkedHashMap<>();
    for (ShopEvent event : events) {
      long start = event.timestamp - Math.floorMod(event.timestamp, windowMillis);
      CategoryStats stats =
          byCategoryAndWindow.computeIfAbsent(
              event.category + "@" + start,
              k -> new CategoryStats(event.category, start, start + windowMillis, 0, 0, 0, 0));
      stats.events++;
      if (event.type == EventType.PURCHASE) {
        stats.purchases++;
        stats.revenueCents += event.priceCents;
        stats.maxPriceCents = Math.max(stats.maxPriceCents, event.priceCents);
      }
    }
    return new ArrayList<>(byCategoryAndWindow.values());
  }
}
