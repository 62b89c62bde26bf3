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

  /** For each user, the ends of the windows they have a recommendation for, in order. */
  public Map<Long, long[]> windowsPerUser() {
    Map<Long, List<Long>> windows = new TreeMap<>();
    for (String line : lines) {
      int at = line.indexOf(" @");
      long user = Long.parseLong(line.substring("user ".length(), at));
      long window = Long.parseLong(line.substring(at + 2, line.indexOf(':', at)));
      windows.computeIfAbsent(user, u -> new ArrayList<>()).add(window);
    }
    Map<Long, long[]> sorted = new TreeMap<>();
    windows.forEach(
        (user, ends) ->
            sorted.put(user, ends.stream().mapToLong(Long::longValue).sorted().toArray()));
    return sorted;
  }

  public int size() {
    return lines.size();
  }
}
