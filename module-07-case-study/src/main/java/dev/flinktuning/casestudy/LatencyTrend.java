package dev.flinktuning.casestudy;

import java.time.Duration;
import java.util.Arrays;

/**
 * Whether the recommendations' latency grew while the producer wrote: the median latency of the
 * recommendations whose window the input completed in the last quarter of the writing time, against
 * that of the second quarter (the first quarter is the job's warm-up).
 *
 * <p>A job slower than its input queues the difference somewhere: in Kafka (the consumer lag), but
 * first in Flink's network buffers and its operators, which can hold thousands of records without
 * the source ever waiting. The latency sees every queue; the lag only the last one to fill.
 */
final class LatencyTrend {

  /** How much the median may grow before the job is said to fall behind. */
  static final Duration ALLOWED_GROWTH = Duration.ofSeconds(1);

  private LatencyTrend() {}

  /**
   * The growth of the median latency from the second to the last quarter of {@code writingNanos}.
   *
   * @param completedNanos for each recommendation, when its window was complete, in nanoseconds
   *     from the start of writing
   * @param latencyNanos for each recommendation, its latency
   * @return null when a quarter has no recommendation
   */
  static Duration growth(long[] completedNanos, long[] latencyNanos, long writingNanos) {
    long before = median(completedNanos, latencyNanos, writingNanos / 4, writingNanos / 2);
    long after = median(completedNanos, latencyNanos, writingNanos * 3 / 4, writingNanos);
    return before < 0 || after < 0 ? null : Duration.ofNanos(after - before);
  }

  /** Whether the latency did not grow by more than {@link #ALLOWED_GROWTH}. */
  static boolean steady(Duration growth) {
    return growth != null && growth.compareTo(ALLOWED_GROWTH) <= 0;
  }

  /**
   * Whether the growth can be told over {@code writing}: the median latency must be at most a
   * quarter of it. A longer latency delivers the second quarter's recommendations only after the
   * last quarter has begun, or after the writing has ended, together with the last quarter's: a job
   * that stalls and then catches up after the end would look steady.
   */
  static boolean measurable(Duration median, Duration writing) {
    return median.compareTo(writing.dividedBy(4)) <= 0;
  }

  private static long median(long[] completed, long[] latency, long from, long to) {
    long[] chosen = new long[latency.length];
    int size = 0;
    for (int i = 0; i < latency.length; i++) {
      if (completed[i] >= from && completed[i] <= to) {
        chosen[size++] = latency[i];
      }
    }
    return size == 0 ? -1 : Percentiles.of(Arrays.copyOf(chosen, size)).p50().toNanos();
  }
}
