package dev.flinktuning.state;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The expected checkouts, and the visits still open at the end, in plain Java. */
final class CheckoutOracle {

  private final List<Checkout> checkouts = new ArrayList<>();
  private final Map<Long, Visit> latestVisit = new HashMap<>();

  private CheckoutOracle(List<ShopEvent> events, long gapMillis) {
    for (ShopEvent event : events) {
      Visit visit = latestVisit.get(event.userId);
      if (visit == null || event.timestamp > visit.lastSeen + gapMillis) {
        visit = new Visit(event.timestamp, event.timestamp, 0);
        latestVisit.put(event.userId, visit);
      }
      if (event.type == EventType.PURCHASE) {
        checkouts.add(
            new Checkout(
                event.userId,
                event.itemId,
                event.timestamp,
                Math.min(visit.start, event.timestamp),
                visit.events));
      }
      visit.start = Math.min(visit.start, event.timestamp);
      visit.lastSeen = Math.max(visit.lastSeen, event.timestamp);
      visit.events++;
    }
  }

  /** Follows the visits in {@code events}, in the order the job receives them. */
  static CheckoutOracle of(List<ShopEvent> events, long gapMillis) {
    return new CheckoutOracle(events, gapMillis);
  }

  List<Checkout> checkouts() {
    return checkouts;
  }

  /** Visitors in the input. */
  long visitors() {
    return latestVisit.size();
  }

  /** Visits that are not over yet once the watermark is at {@code watermark}. */
  long openVisitsAt(long watermark, long gapMillis) {
    return latestVisit.values().stream().filter(v -> v.lastSeen + gapMillis > watermark).count();
  }
}
