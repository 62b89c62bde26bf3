package dev.flinktuning.serialization;

import java.time.Instant;
import java.util.Objects;

/**
 * How often an item's page was viewed in one window of event time, and for how long in all. A Flink
 * POJO; you need not change it.
 */
public class ItemViews {

  public long itemId;

  /** Window start, epoch milliseconds. */
  public long windowStart;

  public long views;

  /** The views' time on the page, added up. */
  public long millisOnPage;

  public ItemViews() {}

  public ItemViews(long itemId, long windowStart, long views, long millisOnPage) {
    this.itemId = itemId;
    this.windowStart = windowStart;
    this.views = views;
    this.millisOnPage = millisOnPage;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ItemViews)) {
      return false;
    }
    ItemViews that = (ItemViews) o;
    return itemId == that.itemId
        && windowStart == that.windowStart
        && views == that.views
        && millisOnPage == that.millisOnPage;
  }

  @Override
  public int hashCode() {
    return Objects.hash(itemId, windowStart, views, millisOnPage);
  }

  @Override
  public String toString() {
    return String.format(
        "item %d from %s: %d views, %.1f s on the page on average",
        itemId,
        Instant.ofEpochMilli(windowStart),
        views,
        views == 0 ? 0.0 : millisOnPage / 1000.0 / views);
  }
}
