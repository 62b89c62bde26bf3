package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.EventType;
import dev.flinktuning.support.data.ShopEvent;

/**
 * One thing a shopper did, as the starter job reads it from Kafka.
 *
 * <p>An immutable class with final fields and no no-argument constructor: a sound Java design, and
 * one that Flink cannot treat as a POJO. Flink falls back to Kryo for it (a {@code GenericType}),
 * silently, unless {@code pipeline.generic-types} is off.
 */
public final class UserBehavior {

  private final long userId;
  private final long itemId;
  private final String category;
  private final EventType type;
  private final long timestamp;

  public UserBehavior(long userId, long itemId, String category, EventType type, long timestamp) {
    this.userId = userId;
    this.itemId = itemId;
    this.category = category;
    this.type = type;
    this.timestamp = timestamp;
  }

  /** Reads a line of the topic (a {@link ShopEvent} as CSV); throws with the line quoted if bad. */
  public static UserBehavior parse(String line) {
    ShopEvent event = ShopEvent.fromCsv(line);
    return new UserBehavior(
        event.userId, event.itemId, event.category, event.type, event.timestamp);
  }

  public long userId() {
    return userId;
  }

  public long itemId() {
    return itemId;
  }

  public String category() {
    return category;
  }

  public EventType type() {
    return type;
  }

  public long timestamp() {
    return timestamp;
  }
}
