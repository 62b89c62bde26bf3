package dev.flinktuning.support.grading;

/**
 * Compares the speed of two pieces of code in the same JVM, for lessons where only time tells.
 *
 * <p>Never an absolute time: both run in this JVM, alternately, after warm-up rounds, and the best
 * of N rounds of each is compared. A check then demands a fraction of the speed-up the reference
 * solution reaches, with a wide margin.
 *
 * <pre>{@code
 * double speedup = RelativeTimer.warmUp(2).rounds(5).speedup(starterStyle, learners);
 * }</pre>
 */
public final class RelativeTimer {

  /** Code to time; it throws what it throws. */
  @FunctionalInterface
  public interface Timed {
    void run() throws Exception;
  }

  private final int warmUpRounds;
  private final int rounds;

  private RelativeTimer(int warmUpRounds, int rounds) {
    this.warmUpRounds = warmUpRounds;
    this.rounds = rounds;
  }

  /** A timer with this many untimed rounds of each before timing starts. */
  public static RelativeTimer warmUp(int warmUpRounds) {
    return new RelativeTimer(warmUpRounds, 5);
  }

  /** Timed rounds of each; the best round of each counts. */
  public RelativeTimer rounds(int rounds) {
    return new RelativeTimer(warmUpRounds, rounds);
  }

  /**
   * How many times faster {@code candidate} is than {@code baseline}: the baseline's best time
   * divided by the candidate's best time.
   */
  public double speedup(Timed baseline, Timed candidate) throws Exception {
    for (int i = 0; i < warmUpRounds; i++) {
      baseline.run();
      candidate.run();
    }
    long bestBaseline = Long.MAX_VALUE;
    long bestCandidate = Long.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      bestBaseline = Math.min(bestBaseline, time(baseline));
      bestCandidate = Math.min(bestCandidate, time(candidate));
    }
    return bestBaseline / (double) Math.max(1, bestCandidate);
  }

  private static long time(Timed timed) throws Exception {
    long start = System.nanoTime();
    timed.run();
    return System.nanoTime() - start;
  }
}
