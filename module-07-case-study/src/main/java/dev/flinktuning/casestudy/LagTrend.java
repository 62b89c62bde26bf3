package dev.flinktuning.casestudy;

/**
 * The job's consumer lag (lines written to Kafka minus lines its source has read), sampled while
 * the producer writes at a set rate, and whether it stayed steady (one of the three conditions of
 * keeping up: {@link RateRun}).
 *
 * <p>The criterion: the lag did not grow. Windows fire in bursts, and the lag rises during each
 * one, so the lag's <em>lowest</em> point is compared: the lowest lag in the last quarter of the
 * writing time may be at most one second of input above the lowest lag in the second quarter (the
 * first quarter is the job's warm-up). A job slower than the input falls behind by the difference
 * every second, and its lowest lag climbs with it.
 */
final class LagTrend {

  /** Moments, in nanoseconds from the start of writing, and the lag then. */
  private final LongPairs samples = new LongPairs();

  /** Notes the lag, in lines, at a moment counted in nanoseconds from the start of writing. */
  synchronized void sample(long sinceStartNanos, long lag) {
    samples.add(sinceStartNanos, lag);
  }

  /** The lowest lag sampled from {@code fromNanos} to {@code toNanos}; -1 if none was. */
  synchronized long lowest(long fromNanos, long toNanos) {
    long lowest = -1;
    for (int i = 0; i < samples.size(); i++) {
      long at = samples.first(i);
      long lag = samples.second(i);
      if (at >= fromNanos && at <= toNanos && (lowest < 0 || lag < lowest)) {
        lowest = lag;
      }
    }
    return lowest;
  }

  /** The lowest lag in the last quarter of {@code writingNanos}: the lag left at the end. */
  long lagAtEnd(long writingNanos) {
    return lowest(writingNanos * 3 / 4, writingNanos);
  }

  /**
   * Whether the lag stayed steady with {@code linesPerSecond} written over {@code writingNanos}:
   * see the class comment. False when a quarter has no sample.
   */
  boolean steady(double linesPerSecond, long writingNanos) {
    long before = lowest(writingNanos / 4, writingNanos / 2);
    long after = lagAtEnd(writingNanos);
    return before >= 0 && after >= 0 && after - before <= linesPerSecond;
  }
}
