package dev.flinktuning.serialization;

import java.time.Instant;
import java.util.Objects;

/**
 * What one user spent in one window of event time. A Flink POJO (public class, public no-argument
 * constructor, public fields); you need not change it.
 */
public class UserSpend {

  public long userId;

  /** Window start, epoch milliseconds. */
  public long windowStart;

  public long orders;
  public long spentCents;

  /** Orders that used a coupon. */
  public long couponOrders;

  public UserSpend() {}

  public UserSpend(long userId, long windowStart, long orders, long spentCents, long couponOrders) {
    this.userId = userId;
    this.windowStart = windowStart;
    this.orders = orders;
    this.spentCents = spentCents;
    this.couponOrders = couponOrders;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UserSpend)) {
      return false;
    }
    UserSpend that = (UserSpend) o;
    return userId == that.userId
        && windowStart == that.windowStart
        && orders == that.orders
        && spentCents == that.spentCents
        && couponOrders == that.couponOrders;
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, windowStart, orders, spentCents, couponOrders);
  }

  @Override
  public String toString() {
    return String.format(
        "user %d from %s: %d orders, %d.%02d spent, %d with a coupon",
        userId,
        Instant.ofEpochMilli(windowStart),
        orders,
        spentCents / 100,
        spentCents % 100,
        couponOrders);
  }
}
