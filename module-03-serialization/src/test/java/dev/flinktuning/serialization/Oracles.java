package dev.flinktuning.serialization;

import dev.flinktuning.support.data.ShopEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The expected results of this chapter's jobs, in plain Java, from the same input. */
final class Oracles {

  private Oracles() {}

  /**
   * Spend per user and window: each shop event is an order of 1 to 3 pieces, every 7th couponed.
   */
  static List<UserSpend> spendPerUser(List<ShopEvent> events, long windowMillis) {
    Map<String, UserSpend> byUserAndWindow = new LinkedHashMap<>();
    for (ShopEvent event : events) {
      long start = windowStart(event.timestamp, windowMillis);
      UserSpend spend =
          byUserAndWindow.computeIfAbsent(
              event.userId + "@" + start, k -> new UserSpend(event.userId, start, 0, 0, 0));
      long quantity = 1 + event.eventId % 3;
      spend.orders++;
      spend.spentCents += quantity * event.priceCents;
      spend.couponOrders += event.eventId % 7 == 0 ? 1 : 0;
    }
    return new ArrayList<>(byUserAndWindow.values());
  }

  /** Views and time on the page per item and window. */
  static List<ItemViews> viewsPerItem(List<PageView> views, long windowMillis) {
    Map<String, ItemViews> byItemAndWindow = new LinkedHashMap<>();
    for (PageView view : views) {
      long start = windowStart(view.timestamp, windowMillis);
      ItemViews totals =
          byItemAndWindow.computeIfAbsent(
              view.itemId + "@" + start, k -> new ItemViews(view.itemId, start, 0, 0));
      totals.views++;
      totals.millisOnPage += view.millisOnPage;
    }
    return new ArrayList<>(byItemAndWindow.values());
  }

  private static long windowStart(long timestamp, long windowMillis) {
    return timestamp - Math.floorMod(timestamp, windowMillis);
  }
}
