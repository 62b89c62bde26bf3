package dev.flinktuning.casestudy;

import dev.flinktuning.support.services.LocalRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * The recommendations a job left in Redis, as {@code "user 7 @1767229200000: 3,14,15,..."} lines,
 * one per user and window, sorted.
 */
public record RecommendationsInRedis(List<String> lines) {

  static RecommendationsInRedis read(LocalRedis redis, int users) {
    Map<Long, Response<Map<String, String>>> replies = new TreeMap<>();
    try (RedisClient client = redis.client();
        Pipeline pipeline = client.pipelined()) {
      for (long user = 0; user < users; user++) {
        replies.put(user, pipeline.hgetAll(Recommendation.redisKey(user)));
      }
      pipeline.sync();
    }
    List<String> lines = new ArrayList<>();
    replies.forEach(
        (user, reply) ->
            new TreeMap<>(reply.get())
                .forEach((window, items) -> lines.add(line(user, Long.parseLong(window), items))));
    lines.sort(null);
    return new RecommendationsInRedis(List.copyOf(lines));
  }

  /** How a recommendation reads in a report. */
  public static String line(long userId, long windowEnd, String items) {
    return "user " + userId + " @" + windowEnd + ": " + items;
  }

  public int size() {
    return lines.size();
  }
}
