package dev.flinktuning.state;

import java.util.Objects;

/** An item's funnel so far: views, carts and purchases. A Flink POJO. */
public class ItemFunnel {

  public long itemId;
  public long views;
  public long carts;
  public long purchases;

  /** Event time of the latest event counted, epoch milliseconds. */
  public long lastEvent;

  public ItemFunnel() {}

  public ItemFunnel(long itemId, long views, long carts, long purchases, long lastEvent) {
    this.itemId = itemId;
    this.views = views;
    this.carts = carts;
    this.purchases = purchases;
    this.lastEvent = lastEvent;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ItemFunnel)) {
      return false;
    }
    ItemFunnel that = (ItemFunnel) o;
    return itemId == that.itemId
        && views == that.views
        && carts == that.carts
        && purchases == that.purchases
        && lastEvent == that.lastEvent;
  }

  @Override
  public int hashCode() {
    return Objects.hash(itemId, views, carts, purchases, lastEvent);
  }

  @Override
  public String toString() {
    return String.format(
        "item %d: %d views, %d carts, %d purchases", itemId, views, carts, purchases);
  }
}
