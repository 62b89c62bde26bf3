package dev.flinktuning.state;

import java.time.Instant;
import java.util.Objects;

/**
 * What a customer had looked at before one purchase. A Flink POJO.
 *
 * <p>Counts cover everything the customer viewed before this purchase, since the job started.
 */
public class PurchaseInsight {

  public long userId;

  /** The item bought. */
  public long itemId;

  /** Event time of the purchase, epoch milliseconds. */
  public long timestamp;

  /** How many times the customer had viewed the item bought. */
  public int timesViewed;

  /** How many different items the customer had viewed. */
  public int itemsViewed;

  public PurchaseInsight() {}

  public PurchaseInsight(
      long userId, long itemId, long timestamp, int timesViewed, int itemsViewed) {
    this.userId = userId;
    this.itemId = itemId;
    this.timestamp = timestamp;
    this.timesViewed = timesViewed;
    this.itemsViewed = itemsViewed;
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
        && timesViewed == that.timesViewed
        && itemsViewed == that.itemsViewed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, itemId, timestamp, timesViewed, itemsViewed);
  }

  @Override
  public String toString() {
    return String.format(
        "customer %d bought item %d at %s after viewing it %d times (%d items viewed)",
        userId, itemId, Instant.ofEpochMilli(timestamp), timesViewed, itemsViewed);
  }
}
