package dev.flinktuning.state;

import java.time.Instant;
import java.util.Objects;

/** How often a customer had looked at an item before buying it. A Flink POJO. */
public class PurchaseInsight {

  public long userId;

  /** The item bought. */
  public long itemId;

  /** Event time of the purchase, epoch milliseconds. */
  public long timestamp;

  /** How many times the customer had viewed the item bought, since the job started. */
  public int timesViewed;

  public PurchaseInsight() {}

  public PurchaseInsight(long userId, long itemId, long timestamp, int timesViewed) {
    this.userId = userId;
    this.itemId = itemId;
    this.timestamp = timestamp;
    this.timesViewed = timesViewed;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PurchaseInsight)) {
      return false;
    }
    PurchaseInsight that = (PurchaseInsight) o;
    return userId == that.userId
        && itemId == that.itemId
        && timestamp == that.timestamp
        && timesViewed == that.timesViewed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, itemId, timestamp, timesViewed);
  }

  @Override
  public String toString() {
    return String.format(
        "customer %d bought item %d at %s after viewing it %d times",
        userId, itemId, Instant.ofEpochMilli(timestamp), timesViewed);
  }
}
