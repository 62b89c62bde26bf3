package dev.flinktuning.state;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The expected insights, computed in plain Java from the same events. */
final class PurchaseInsightOracle {

  private PurchaseInsightOracle() {}

  static List<PurchaseInsight> expected(List<ShopEvent> events) {
    Map<Long, Map<Long, Integer>> viewsPerUser = new HashMap<>();
    List<PurchaseInsight> insights = new ArrayList<>();
    for (ShopEvent event : events) {
      Map<Long, Integer> views = viewsPerUser.computeIfAbsent(event.userId, u -> new HashMap<>());
      if (event.type == EventType.VIEW) {
        views.merge(event.itemId, 1, Integer::sum);
      } else if (event.type == EventType.PURCHASE) {
        insights.add(
            new PurchaseInsight(
                event.userId, event.itemId, event.timestamp, views.getOrDefault(event.itemId, 0)));
      }
    }
    return insights;
  }
}
