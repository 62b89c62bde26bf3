package dev.flinktuning.principles;

import dev.flinktuning.support.data.ShopEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The expected counts per item and window, computed in plain Java from the same events. */
final class ItemCountOracle {

  private ItemCountOracle() {}

  static List<ItemCount> expected(
      List<ShopEvent> events, Predicate<ShopEvent> counted, long windowMillis) {
    Map<String, ItemCount> byItemAndWindow = new LinkedHashMap<>();
    for (ShopEvent event : events) {
      if (!counted.test(event)) {
        continue;
      }
      long start = event.timestamp - Math.floorMod(event.timestamp, windowMillis);
      byItemAndWindow.computeIfAbsent(
              event.itemId + "@" + start,
              k -> new ItemCount(event.itemId, start, start + windowMillis, 0))
          .count++;
    }
    return new ArrayList<>(byItemAndWindow.values());
  }
}
