package dev.flinktuning.state;

import java.time.Instant;
import java.util.Objects;

/** One purchase, with how the visit had gone until then. A Flink POJO. */
public class Checkout {

  public long visitorId;

  /** The item bought. */
  public long itemId;

  /** Event time of the purchase, epoch milliseconds. */
  public long timestamp;

  /** Event time of the visit's earliest event so far, epoch milliseconds. */
  public long visitStart;

  /** Events of this visit before the purchase: views, carts and earlier purchases. */
  public int eventsBefore;

  public Checkout() {}

  public Checkout(long visitorId, long itemId, long timestamp, long visitStart, int eventsBefore) {
    this.visitorId = visitorId;
    this.itemId = itemId;
    this.timestamp = timestamp;
    this.visitStart = visitStart;
    this.eventsBefore = eventsBefore;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Checkout)) {
      return false;
    }
    Checkout that = (Checkout) o;
    return visitorId == that.visitorId
        && itemId == that.itemId
        && timestamp == that.timestamp
        && visitStart == that.visitStart
        && eventsBefore == that.eventsBefore;
  }

  @Override
  public int hashCode() {
    return Objects.hash(visitorId, itemId, timestamp, visitStart, eventsBefore);
  }

  @Override
  public String toString() {
    return String.format(
        "visitor %d bought item %d at %s, %d s and %d events into a visit",
        visitorId,
        itemId,
        Instant.ofEpochMilli(timestamp),
        (timestamp - visitStart) / 1000,
        eventsBefore);
  }
}
