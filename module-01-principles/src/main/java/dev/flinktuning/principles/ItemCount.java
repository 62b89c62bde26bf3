package dev.flinktuning.principles;

import java.time.Instant;
import java.util.Objects;

/** How many events an item had in one window of event time. A Flink POJO. */
public class ItemCount {

  public long itemId;

  /** Window start, epoch milliseconds (inclusive). */
  public long windowStart;

  /** Window end, epoch milliseconds (exclusive). */
  public long windowEnd;

  public long count;

  public ItemCount() {}

  public ItemCount(long itemId, long windowStart, long windowEnd, long count) {
    this.itemId = itemId;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.count = count;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ItemCount)) {
      return false;
    }
    ItemCount that = (ItemCount) o;
    return itemId == that.itemId
        && windowStart == that.windowStart
        && windowEnd == that.windowEnd
        && count == that.count;
  }

  @Override
  public int hashCode() {
    return Objects.hash(itemId, windowStart, windowEnd, count);
  }

  @Override
  public String toString() {
    return String.format(
        "item %d, %s to %s: %d",
        itemId, Instant.ofEpochMilli(windowStart), Instant.ofEpochMilli(windowEnd), count);
  }
}
