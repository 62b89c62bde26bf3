package dev.flinktuning.support.data;

import java.util.Objects;

/**
 * One thing a shopper did in the shop: viewed an item, put it in the cart, or bought it.
 *
 * <p>This is a Flink POJO: a public class with a public no-argument constructor and public fields,
 * so Flink serializes it with its own {@code PojoSerializer}, not with Kryo. Prices are whole
 * cents, so sums are exact and do not depend on the order records arrive in.
 */
public class ShopEvent {

  /** Position of the event in the generated sequence; unique, starts at 0. */
  public long eventId;

  public long userId;
  public long itemId;
  public String category;
  public EventType type;

  /** The item's price in cents. */
  public long priceCents;

  /** Event time, in epoch milliseconds. */
  public long timestamp;

  public ShopEvent() {}

  public ShopEvent(
      long eventId,
      long userId,
      long itemId,
      String category,
      EventType type,
      long priceCents,
      long timestamp) {
    this.eventId = eventId;
    this.userId = userId;
    this.itemId = itemId;
    this.category = category;
    this.type = type;
    this.priceCents = priceCents;
    this.timestamp = timestamp;
  }

  /** One CSV line, in the field order of the constructor. */
  public String toCsv() {
    return eventId
        + ","
        + userId
        + ","
        + itemId
        + ","
        + category
        + ","
        + type
        + ","
        + priceCents
        + ","
        + timestamp;
  }

  /**
   * Parses a line written by {@link #toCsv()}.
   *
   * @throws IllegalArgumentException naming the line, if it is not a well-formed event
   */
  public static ShopEvent fromCsv(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 7) {
      throw new IllegalArgumentException(
          "Not a shop event (expected 7 comma-separated fields, got " + f.length + "): " + line);
    }
    try {
      return new ShopEvent(
          Long.parseLong(f[0]),
          Long.parseLong(f[1]),
          Long.parseLong(f[2]),
          f[3],
          EventType.valueOf(f[4]),
          Long.parseLong(f[5]),
          Long.parseLong(f[6]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a shop event (" + e.getMessage() + "): " + line, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ShopEvent)) {
      return false;
    }
    ShopEvent that = (ShopEvent) o;
    return eventId == that.eventId
        && userId == that.userId
        && itemId == that.itemId
        && priceCents == that.priceCents
        && timestamp == that.timestamp
        && Objects.equals(category, that.category)
        && type == that.type;
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, userId, itemId, category, type, priceCents, timestamp);
  }

  @Override
  public String toString() {
    return "ShopEvent{" + toCsv() + "}";
  }
}
