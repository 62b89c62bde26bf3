package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import java.util.List;

/** The lines and the rejected count {@link CheckoutJob} must produce, in plain Java. */
final class CheckoutOracle {

  private CheckoutOracle() {}

  static List<String> lines(List<ShopEvent> events) {
    return events.stream()
        .filter(e -> e.type == EventType.PURCHASE && !CheckoutJob.isBlocked(e))
        .map(e -> e.eventId + "," + e.userId + "," + e.priceCents)
        .toList();
  }

  static long rejected(List<ShopEvent> events) {
    return events.stream()
        .filter(e -> e.type == EventType.PURCHASE && CheckoutJob.isBlocked(e))
        .count();
  }
}
