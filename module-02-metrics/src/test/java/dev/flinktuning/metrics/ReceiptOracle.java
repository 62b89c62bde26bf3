package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The receipts {@link ReceiptJob} must write, in plain Java. */
final class ReceiptOracle {

  private ReceiptOracle() {}

  static List<String> expected(List<ShopEvent> events) {
    List<String> receipts = new ArrayList<>();
    for (ShopEvent event : events) {
      if (event.type == EventType.PURCHASE) {
        receipts.add(receipt(event));
      }
    }
    return receipts;
  }

  static String receipt(ShopEvent purchase) {
    return "{\"order\":"
        + purchase.eventId
        + ",\"user\":"
        + purchase.userId
        + ",\"item\":"
        + purchase.itemId
        + ",\"shelf\":\""
        + purchase.category.toUpperCase(Locale.ROOT)
        + "-"
        + purchase.itemId
        + "\",\"total\":\""
        + purchase.priceCents / 100
        + "."
        + String.format(Locale.ROOT, "%02d", purchase.priceCents % 100)
        + "\"}";
  }
}
