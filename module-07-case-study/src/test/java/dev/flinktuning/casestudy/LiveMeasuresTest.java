package dev.flinktuning.casestudy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinktuning.support.launcher.StarterArgumentException;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of the demo's live-stream measures ({@code ./demo --rate}, {@code --find-rate}).
 */
class LiveMeasuresTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void percentilesAreByNearestRank() {
    Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());

    assertThat(p.count()).isEqualTo(100);
    assertThat(p.p50()).isEqualTo(Duration.ofNanos(50));
    assertThat(p.p90()).isEqualTo(Duration.ofNanos(90));
    assertThat(p.p99()).isEqualTo(Duration.ofNanos(99));
    assertThat(p.max()).isEqualTo(Duration.ofNanos(100));
    assertThat(Percentiles.of(new long[] {7}).p50()).isEqualTo(Duration.ofNanos(7));
    assertThat(Percentiles.of(new long[] {1, 2, 3, 4}).p50()).isEqualTo(Duration.ofNanos(2));
    assertThat(Percentiles.of(new long[0]).max()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aWindowIsCompleteWhenTheLastPartitionPassesItsEndPlusTheBound() {
    // windows 10 long, one ending every 5, watermarks 2 behind: the window ending at 10 needs an
    // event at 12 or later in every partition
    ProduceLog log = new ProduceLog(2, 10, 5, 2);
    log.written(0, 1, 3, 1, 100);
    log.written(1, 2, 8, 1, 200);
    log.written(0, 1, 12, 1, 300);
    log.written(0, 3, 4, 2, 350); // late in event time: the partition's largest time stays 12
    log.written(1, 2, 13, 1, 400);

    assertThat(log.completedAt(5)).isEqualTo(300); // 7 or later: partition 1 at 200, 0 at 300
    assertThat(log.completedAt(10)).isEqualTo(400); // 12 or later: partition 0 at 300, 1 at 400
    assertThat(log.completedAt(15)).isEqualTo(-1); // 17 or later: not yet
    assertThat(log.lines(0)).isEqualTo(4);
    assertThat(log.lines()).isEqualTo(6);
  }

  @Test
  void theJobOwesOneRecommendationPerUserAndCompletedWindow() {
    ProduceLog log = new ProduceLog(1, 10, 5, 2);
    log.written(0, 1, 3, 1, 100); // windows ending at 5 and 10
    log.written(0, 1, 4, 1, 110); // the same user, the same windows
    log.written(0, 2, 6, 1, 120); // windows ending at 10 and 15
    log.written(0, 3, 12, 1, 130); // completes the windows ending at 5 and 10; in 15 and 20

    // window 5: user 1; window 10: users 1 and 2; windows 15 and 20 are not complete
    assertThat(log.recommendationsOwed()).isEqualTo(3);
  }

  @Test
  void aLagThatRisesAndFallsWithEachWindowIsSteady() {
    LagTrend lag = new LagTrend();
    for (int i = 0; i <= 80; i++) {
      lag.sample(i * SECOND / 4, i % 8 < 4 ? 800 : 5); // a burst every 2 s
    }
    assertThat(lag.steady(500, 20 * SECOND)).isTrue();
    assertThat(lag.lagAtEnd(20 * SECOND)).isEqualTo(5);
  }

  @Test
  void aLagWhoseLowestPointClimbsIsNotSteady() {
    LagTrend lag = new LagTrend();
    for (int i = 0; i <= 80; i++) {
      lag.sample(i * SECOND / 4, i * 50L + (i % 8 < 4 ? 800 : 0)); // 200 lines more every second
    }
    assertThat(lag.steady(500, 20 * SECOND)).isFalse(); // the floor grew by 2,000 > 500
    assertThat(lag.steady(5_000, 20 * SECOND)).isTrue(); // within a second of a faster input
    assertThat(new LagTrend().steady(500, 20 * SECOND)).isFalse(); // no samples: cannot tell
  }

  @Test
  void theLatencyTrendComparesTheMediansOfTheSecondAndLastQuarters() {
    long writing = 20 * SECOND;
    long[] completed = {1 * SECOND, 6 * SECOND, 7 * SECOND, 9 * SECOND, 16 * SECOND, 19 * SECOND};
    long[] steady = {9 * SECOND, 1 * SECOND, 2 * SECOND, 1 * SECOND, 2 * SECOND, 2 * SECOND};
    long[] growing = {1 * SECOND, 1 * SECOND, 1 * SECOND, 1 * SECOND, 4 * SECOND, 5 * SECOND};

    Duration flat = LatencyTrend.growth(completed, steady, writing);
    Duration grew = LatencyTrend.growth(completed, growing, writing);

    assertThat(flat).isEqualTo(Duration.ofSeconds(1)); // median 1 s in 5..10 s, 2 s in 15..20 s
    assertThat(LatencyTrend.steady(flat)).isTrue();
    assertThat(grew).isEqualTo(Duration.ofSeconds(3));
    assertThat(LatencyTrend.steady(grew)).isFalse();
    assertThat(LatencyTrend.growth(new long[] {SECOND}, new long[] {SECOND}, writing)).isNull();
    assertThat(LatencyTrend.steady(null)).isFalse();
  }

  @Test
  void aLatencyLongerThanAQuarterOfTheWritingTellsNothingOfItsGrowth() {
    Duration writing = Duration.ofSeconds(20);
    assertThat(LatencyTrend.measurable(Duration.ofSeconds(5), writing)).isTrue();
    assertThat(LatencyTrend.measurable(Duration.ofMillis(5_001), writing)).isFalse();
  }

  @Test
  void theLiveOptionsHaveDefaultsAndClearErrors() {
    DemoOptions rate = DemoOptions.parse(new String[] {"--rate", "1000"});
    assertThat(rate.rate()).isEqualTo(1000);
    assertThat(rate.seconds()).isEqualTo(DemoOptions.RATE_SECONDS);
    DemoOptions find = DemoOptions.parse(new String[] {"--find-rate", "--only", "starter"});
    assertThat(find.rate()).isEqualTo(DemoOptions.FIRST_RATE);
    assertThat(find.seconds()).isEqualTo(DemoOptions.FIND_RATE_SECONDS);
    assertThat(find.runYours()).isFalse();
    assertThat(DemoOptions.parse(new String[0]).rate()).isZero();

    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--seconds", "20"}))
        .isInstanceOf(StarterArgumentException.class)
        .hasMessageStartingWith("--seconds goes with --rate or --find-rate");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--rate", "9", "--events", "5"}))
        .isInstanceOf(StarterArgumentException.class)
        .hasMessageStartingWith("--events sets the size");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--rate", "9", "--seconds", "4"}))
        .isInstanceOf(StarterArgumentException.class)
        .hasMessageStartingWith("--seconds takes 8 or more");
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--rate", "fast"}))
        .isInstanceOf(StarterArgumentException.class)
        .hasMessageStartingWith("--rate takes a positive number, not 'fast'");
  }
}
