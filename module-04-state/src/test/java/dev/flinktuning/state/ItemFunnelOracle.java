package dev.flinktuning.state;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The expected funnels at each purchase, in plain Java. */
final class ItemFunnelOracle {

  private ItemFunnelOracle() {}

  static List<ItemFunnel> expected(List<ShopEvent> events) {
    Map<Long, ItemFunnel> funnels = new HashMap<>();
    List<ItemFunnel> atPurchases = new ArrayList<>();
    for (ShopEvent event : events) {
      ItemFunnel f =
          funnels.computeIfAbsent(event.itemId, id -> new ItemFunnel(id, 0, 0, 0, event.timestamp));
      switch (event.type) {
        case VIEW -> f.views++;
        case CART -> f.carts++;
        case PURCHASE -> f.purchases++;
      }
      f.lastEvent = Math.max(f.lastEvent, event.timestamp);
      if (event.type == EventType.PURCHASE) {
        atPurchases.add(new ItemFunnel(f.itemId, f.views, f.carts, f.purchases, f.lastEvent));
      }
    }
    return atPurchases;
  }
}
