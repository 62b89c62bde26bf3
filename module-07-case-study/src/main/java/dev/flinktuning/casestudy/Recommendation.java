package dev.flinktuning.casestudy;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The items recommended to a user for one window of their behaviour.
 *
 * <p>In Redis it is one field of the user's hash: {@code HSET rec:<userId> <windowEnd>
 * <itemId,itemId,...>}. Writing it again writes the same value to the same field, so a replay after
 * a failure cannot duplicate it.
 */
public class Recommendation {

  public long userId;

  /** End of the window, in epoch milliseconds (exclusive). */
  public long windowEnd;

  /** Best first. */
  public long[] itemIds;

  public Recommendation() {}

  public Recommendation(long userId, long windowEnd, long[] itemIds) {
    this.userId = userId;
    this.windowEnd = windowEnd;
    this.itemIds = itemIds;
  }

  /** The Redis hash that holds every recommendation for a user. */
  public static String redisKey(long userId) {
    return "rec:" + userId;
  }

  public String redisKey() {
    return redisKey(userId);
  }

  public String redisField() {
    return Long.toString(windowEnd);
  }

  public String redisValue() {
    return Arrays.stream(itemIds).mapToObj(Long::toString).collect(Collectors.joining(","));
  }

  @Override
  public String toString() {
    return RecommendationsInRedis.line(userId, windowEnd, redisValue());
  }
}
