package dev.flinktuning.principles;

import java.time.Instant;
import java.util.Objects;

/** What happened in one category during one window of event time. A Flink POJO. */
public class CategoryStats {

  public String category;

  /** Window start, epoch milliseconds (inclusive). */
  public long windowStart;

  /** Window end, epoch milliseconds (exclusive). */
  public long windowEnd;

  /** All events: views, carts and purchases. */
  public long events;

  public long purchases;

  /** Sum of the prices of the purchases, in cents. */
  public long revenueCents;

  /** The dearest item bought, in cents; 0 if nothing was bought. */
  public long maxPriceCents;

  public CategoryStats() {}

  public CategoryStats(
      String category,
      long windowStart,
      long windowEnd,
      long events,
      long purchases,
      long revenueCents,
      long maxPriceCents) {
    this.category = category;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.events = events;
    this.purchases = purchases;
    this.revenueCents = revenueCents;
    this.maxPriceCents = maxPriceCents;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CategoryStats)) {
      return false;
    }
    CategoryStats that = (CategoryStats) o;
    return windowStart == that.windowStart
        && windowEnd == that.windowEnd
        && events == that.events
        && purchases == that.purchases
        && revenueCents == that.revenueCents
        && maxPriceCents == that.maxPriceCents
        && Objects.equals(category, that.category);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        category, windowStart, windowEnd, events, purchases, revenueCents, maxPriceCents);
  }

  @Override
  public String toString() {
    return String.format(
        "%s, %s to %s: %d events, %d purchases, revenue %d.%02d, dearest %d.%02d",
        category,
        Instant.ofEpochMilli(windowStart),
        Instant.ofEpochMilli(windowEnd),
        events,
        purchases,
        revenueCents / 100,
        revenueCents % 100,
        maxPriceCents / 100,
        maxPriceCents % 100);
  }
}
