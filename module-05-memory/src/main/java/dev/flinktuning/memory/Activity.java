package dev.flinktuning.memory;

import dev.flinktuning.support.data.EventType;
import java.util.Objects;

/**
 * One shop event as the activity job needs it: who, what, which kind, for how much, and on which
 * day (UTC, as {@code yyyy-MM-dd}). A Flink POJO.
 */
public class Activity {

  public long userId;
  public long itemId;
  public String category;
  public EventType type;
  public long priceCents;
  public String day;

  public Activity() {}

  public Activity(
      long userId, long itemId, String category, EventType type, long priceCents, String day) {
    this.userId = userId;
    this.itemId = itemId;
    this.category = category;
    this.type = type;
    this.priceCents = priceCents;
    this.day = day;
  }

  /** A copy of this activity, field by field. */
  public Activity copy() {
    return new Activity(userId, itemId, category, type, priceCents, day);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Activity other)) {
      return false;
    }
    return userId == other.userId
        && itemId == other.itemId
        && priceCents == other.priceCents
        && Objects.equals(category, other.category)
        && type == other.type
        && Objects.equals(day, other.day);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, itemId, category, type, priceCents, day);
  }

  @Override
  public String toString() {
    return "Activity{user="
        + userId
        + ", item="
        + itemId
        + ", "
        + category
        + ", "
        + type
        + ", "
        + priceCents
        + " cents, "
        + day
        + "}";
  }
}
