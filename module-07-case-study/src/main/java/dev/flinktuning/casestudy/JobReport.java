package dev.flinktuning.casestudy;

import java.time.Duration;

/**
 * What one run of a version of the job did.
 *
 * @param took from submitting the job until it finished
 * @param lastCheckpointBytes bytes the last completed checkpoint uploaded (0 without checkpoints)
 * @param stateBytes the job's whole state in the last completed checkpoint (0 without checkpoints)
 * @param halfWritten time from submitting the job until half of its recommendations were in Redis
 * @param almostAllWritten the same, until 99 % were
 */
public record JobReport(
    String name,
    long events,
    Duration took,
    long catalogCalls,
    long redisRoundTrips,
    long checkpoints,
    long lastCheckpointBytes,
    long stateBytes,
    Duration halfWritten,
    Duration almostAllWritten,
    RecommendationsInRedis output) {

  public double eventsPerSecond() {
    return events / Math.max(0.001, took.toNanos() / 1e9);
  }

  public String summary() {
    return String.format(
        "%s: %,d events in %.1f s (%,.0f events/s), %,d recommendations, %,d catalog calls,"
            + " %,d Redis round trips, %,d checkpoints",
        name,
        events,
        took.toMillis() / 1000.0,
        eventsPerSecond(),
        output.size(),
        catalogCalls,
        redisRoundTrips,
        checkpoints);
  }
}
