package dev.flinktuning.support.grading;

import java.util.function.Consumer;

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
  private final Consumer<String> progress;

  private RelativeTimer(int warmUpRounds, int rounds, Consumer<String> progress) {
    this.warmUpRounds = warmUpRounds;
    this.rounds = rounds;
    this.progress = progress;
  }

  /** A timer with this many untimed rounds of each before timing starts. */
  public static RelativeTimer warmUp(int warmUpRounds) {
    return new RelativeTimer(warmUpRounds, 5, line -> {});
  }

  /** Timed rounds of each; the best round of each counts. */
  public RelativeTimer rounds(int rounds) {
    return new RelativeTimer(warmUpRounds, rounds, progress);
  }

  /** Where to report each round's times, e.g. {@code System.out::println}. */
  public RelativeTimer reportingTo(Consumer<String> progress) {
    return new RelativeTimer(warmUpRounds, rounds, progress);
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
      long b = time(baseline);
      long c = time(candidate);
      bestBaseline = Math.min(bestBaseline, b);
      bestCandidate = Math.min(bestCandidate, c);
      progress.accept(
          String.format("round %d: baseline %.1f ms, candidate %.1f ms", i + 1, b / 1e6, c / 1e6));
    }
    return bestBaseline / (double) Math.max(1, bestCandidate);
  }

  private static long time(Timed timed) throws Exception {
    long start = System.nanoTime();
    timed.run();
    return System.nanoTime() - start;
  }
}
