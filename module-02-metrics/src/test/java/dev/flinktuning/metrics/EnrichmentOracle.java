package dev.flinktuning.metrics;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import dev.flinktuning.support.services.ItemLookupService;
import java.util.ArrayList;
import java.util.List;

/** The lines and the failed lookups {@link EnrichmentJob} must emit, in plain Java. */
final class EnrichmentOracle {

  private EnrichmentOracle() {}

  static List<ShopEvent> purchases(List<ShopEvent> events) {
    return events.stream().filter(e -> e.type == EventType.PURCHASE).toList();
  }

  static List<String> lines(List<ShopEvent> events, ItemLookupService service) {
    List<String> lines = new ArrayList<>();
    for (ShopEvent purchase : purchases(events)) {
      if (!service.isBroken(purchase.eventId)) {
        lines.add(
            purchase.eventId
                + ","
                + purchase.itemId
                + ","
                + ItemLookupService.supplierOf(purchase.itemId));
      }
    }
    return lines;
  }

  static List<ShopEvent> failed(List<ShopEvent> events, ItemLookupService service) {
    return purchases(events).stream().filter(p -> service.isBroken(p.eventId)).toList();
  }
}
