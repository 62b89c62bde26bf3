package dev.flinktuning.serialization;

import dev.flinktuning.support.data.ShopEvent;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One order line, modelled the way much modern Java is written: an immutable value class, a {@link
 * UUID} for its id, an {@link Optional} for what may be missing.
 *
 * <p>Flink cannot analyse this class, so it hands every {@code OrderEvent} to Kryo, its
 * general-purpose fallback serializer, without a word. Exercise 1 is about seeing that, fixing it,
 * and making sure it cannot happen again; see the chapter README.
 *
 * <p>You may change this class in any way, as long as {@link #fromShopEvent(ShopEvent)} still makes
 * one from a generated shop event, with the same values.
 */
public final class OrderEvent {

  private final UUID orderId;
  private final long userId;
  private final long itemId;
  private final int quantity;
  private final long priceCents;
  private final Optional<String> couponCode;

  /** Event time, epoch milliseconds. */
  private final long timestamp;

  public OrderEvent(
      UUID orderId,
      long userId,
      long itemId,
      int quantity,
      long priceCents,
      Optional<String> couponCode,
      long timestamp) {
    this.orderId = orderId;
    this.userId = userId;
    this.itemId = itemId;
    this.quantity = quantity;
    this.priceCents = priceCents;
    this.couponCode = couponCode;
    this.timestamp = timestamp;
  }

  /**
   * The order line a generated shop event stands for: 1 to 3 pieces of the item, and a coupon on
   * every seventh order.
   */
  public static OrderEvent fromShopEvent(ShopEvent event) {
    return new OrderEvent(
        new UUID(event.userId, event.eventId),
        event.userId,
        event.itemId,
        1 + (int) (event.eventId % 3),
        event.priceCents,
        event.eventId % 7 == 0 ? Optional.of("SAVE" + event.itemId % 10) : Optional.empty(),
        event.timestamp);
  }

  public UUID getOrderId() {
    return orderId;
  }

  public long getUserId() {
    return userId;
  }

  public long getItemId() {
    return itemId;
  }

  public int getQuantity() {
    return quantity;
  }

  public long getPriceCents() {
    return priceCents;
  }

  public Optional<String> getCouponCode() {
    return couponCode;
  }

  public long getTimestamp() {
    return timestamp;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OrderEvent)) {
      return false;
    }
    OrderEvent that = (OrderEvent) o;
    return userId == that.userId
        && itemId == that.itemId
        && quantity == that.quantity
        && priceCents == that.priceCents
        && timestamp == that.timestamp
        && orderId.equals(that.orderId)
        && couponCode.equals(that.couponCode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(orderId, userId, itemId, quantity, priceCents, couponCode, timestamp);
  }

  @Override
  public String toString() {
    return String.format(
        "order %s: user %d, %d x item %d at %d cents%s",
        orderId,
        userId,
        quantity,
        itemId,
        priceCents,
        couponCode.map(code -> ", coupon " + code).orElse(""));
  }
}
