package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.launcher.StarterArgumentException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * One version of the job on a live stream: the job starts on an empty topic and reads it without an
 * end, then the shop's events are written at a set rate for a set time, and the run measures the
 * end-to-end latency of each recommendation and whether the job kept up.
 *
 * <p><b>Latency</b>, per recommendation: from the wall-clock moment the producer wrote the event
 * that completed the recommendation's window (the last partition to reach the window's end plus the
 * 2 s the watermarks wait: {@link ProduceLog}) to the moment Redis told of the write (keyspace
 * notifications: {@link RedisWriteClock}). Event time here is simulated, so it is never used as a
 * clock. A user's recommendations reach Redis in window order (the sink follows a keyBy on the
 * user), so a user's n-th write is their n-th window.
 *
 * <p><b>Kept up</b>, all three: the consumer lag (lines written minus lines the Kafka source has
 * read, from its {@code currentOffset} metric: {@link SourceOffsets}; it needs no checkpoints) did
 * not grow while writing ({@link LagTrend}); nor did the latency, whose median must also be at most
 * a quarter of the writing time for its growth to tell ({@link LatencyTrend}: the lag alone misses
 * what waits in Flink's network buffers); and every recommendation owed was in Redis soon after the
 * writing ended.
 */
final class RateRun {

  private static final long SAMPLE_MILLIS = 250;

  private RateRun() {}

  /**
   * What one run did.
   *
   * @param writtenPerSecond events per second the producer managed (it may fall short of the rate)
   * @param latency of the recommendations of the windows the input completed
   * @param lagAtEnd lines not yet read at the end of writing (the lowest lag of its last quarter)
   * @param lagSteady whether the consumer lag did not grow ({@link LagTrend})
   * @param latencyGrowth how much the median latency grew over the writing ({@link LatencyTrend});
   *     null if it could not tell
   * @param caughtUp from the end of writing until the job had read every line; null if not within
   *     the time allowed
   * @param unwritten recommendations owed for completed windows but not in Redis by the end
   * @param outOfOrder writes that came before their window was complete (0 unless a user's writes
   *     reach Redis out of window order)
   */
  record Step(
      String name,
      double rate,
      long seconds,
      double writtenPerSecond,
      Percentiles latency,
      long lagAtEnd,
      boolean lagSteady,
      Duration latencyGrowth,
      Duration caughtUp,
      long unwritten,
      long outOfOrder) {

    /**
     * Kept up: the lag and the latency did not grow (the median latency short enough to tell), and
     * every recommendation owed was written.
     */
    boolean keptUp() {
      return lagSteady
          && LatencyTrend.steady(latencyGrowth)
          && LatencyTrend.measurable(latency.p50(), Duration.ofSeconds(seconds))
          && unwritten == 0;
    }

    /** Whether the producer wrote at (nearly) the rate asked. */
    boolean producerKeptUp() {
      return writtenPerSecond >= 0.95 * rate;
    }

    String summary() {
      return String.format(
          "%s at %,.0f events/s for %d s: %s; latency p50 %s, p90 %s, p99 %s, max %s"
              + " (%,d recommendations); lag at the end %s%s",
          name,
          rate,
          seconds,
          keptUp() ? "kept up" : "fell behind",
          LiveDemo.seconds(latency.p50()),
          LiveDemo.seconds(latency.p90()),
          LiveDemo.seconds(latency.p99()),
          LiveDemo.seconds(latency.max()),
          latency.count(),
          JobReport.count(lagAtEnd, "line"),
          producerKeptUp()
              ? ""
              : String.format("; the producer managed only %,.0f events/s", writtenPerSecond));
    }
  }

  /** Runs one version of the job at {@code rate} events per second for {@code seconds}. */
  static Step run(
      CaseStudyRunner runner,
      CaseStudyServices services,
      String name,
      Configuration jobConfig,
      CaseStudyRunner.JobBuilder builder,
      double rate,
      long seconds)
      throws Exception {
    services.resetCounters();
    BehaviorTopic topic = services.liveTopic(Math.max(1, Math.round(rate * seconds)));
    JobClient job =
        runner.submit(name, runner.environment(jobConfig, builder, services.liveEndpoints()));
    String jobId = job.getJobID().toHexString();
    RedisWriteClock clock = null;
    try {
      awaitReading(job, jobId);
      clock = RedisWriteClock.start(services.redis());
      if (clock == null) {
        throw new StarterArgumentException(
            "This Redis does not allow keyspace notifications (CONFIG SET notify-keyspace-events),"
                + " which time the recommendations: use the course's own Redis for --rate.");
      }
      ProduceLog log = ProduceLog.forCaseStudy();
      LagTrend lag = new LagTrend();
      long start = System.nanoTime();
      Thread sampler = sampler(log, lag, jobId, start);
      System.out.printf("  writing %,.0f events/s for %d s ...%n", rate, seconds);
      topic.produceAtRate(
          rate,
          () -> false,
          (event, partition, lines, nanos) ->
              log.written(partition, event.userId, event.timestamp, lines, nanos));
      long writing = System.nanoTime() - start;
      Duration caughtUp = awaitCatchingUp(log, clock, jobId, Math.max(10, seconds));
      sampler.interrupt();
      sampler.join();
      Thread.sleep(200); // the last notifications are still on their way
      cancel(job);

      long[] latencies = new long[clock.count()];
      long[] completed = new long[clock.count()];
      int timed = 0;
      long outOfOrder = 0;
      Map<Long, long[]> writes = clock.writesPerUser();
      for (Map.Entry<Long, long[]> user : services.recommendations().windowsPerUser().entrySet()) {
        long[] windows = user.getValue();
        long[] at = writes.getOrDefault(user.getKey(), new long[0]);
        for (int n = 0; n < Math.min(windows.length, at.length); n++) {
          long complete = log.completedAt(windows[n]);
          if (complete < 0) {
            continue;
          }
          if (at[n] < complete) {
            outOfOrder++;
          } else if (timed < latencies.length) {
            completed[timed] = complete - start;
            latencies[timed++] = at[n] - complete;
          }
        }
      }
      latencies = Arrays.copyOf(latencies, timed);
      return new Step(
          name,
          rate,
          seconds,
          topic.events() / (writing / 1e9),
          Percentiles.of(latencies),
          lag.lagAtEnd(writing),
          lag.steady(rate, writing),
          LatencyTrend.growth(Arrays.copyOf(completed, timed), latencies, writing),
          caughtUp,
          Math.max(0, log.recommendationsOwed() - timed - outOfOrder),
          outOfOrder);
    } finally {
      if (clock != null) {
        clock.close();
      }
      cancel(job);
    }
  }

  /** Cancels the job unless it has ended. */
  private static void cancel(JobClient job) throws Exception {
    if (!job.getJobStatus().get().isGloballyTerminalState()) {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  /** Waits until the job's source readers have their partitions, so that writing can start. */
  private static void awaitReading(JobClient job, String jobId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (SourceOffsets.linesRead(jobId, CaseStudyServices.TOPIC).size()
        < CaseStudyServices.PARTITIONS) {
      JobStatus status = job.getJobStatus().get();
      if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The job did not start reading Kafka (it is " + status + ")");
      }
      Thread.sleep(100);
    }
  }

  /** Samples the lag every {@link #SAMPLE_MILLIS} ms, until interrupted. */
  private static Thread sampler(ProduceLog log, LagTrend lag, String jobId, long start) {
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                lag.sample(System.nanoTime() - start, lagOf(log, jobId));
                try {
                  Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "lag-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return sampler;
  }

  /** Lines written that the job's source has not read yet. */
  private static long lagOf(ProduceLog log, String jobId) {
    long lag = 0;
    Map<Integer, Long> read = SourceOffsets.linesRead(jobId, CaseStudyServices.TOPIC);
    for (int p = 0; p < CaseStudyServices.PARTITIONS; p++) {
      lag += log.lines(p) - read.getOrDefault(p, 0L);
    }
    return lag;
  }

  /**
   * After writing: waits until the job has read every line and written every recommendation owed,
   * for at most {@code limitSeconds}. Returns how long it took to read every line, or null.
   */
  private static Duration awaitCatchingUp(
      ProduceLog log, RedisWriteClock clock, String jobId, long limitSeconds)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(limitSeconds);
    Duration caughtUp = null;
    long owed = log.recommendationsOwed();
    while (System.nanoTime() < deadline) {
      if (caughtUp == null && lagOf(log, jobId) <= 0) {
        caughtUp = Duration.ofNanos(System.nanoTime() - start);
      }
      if (caughtUp != null && clock.count() >= owed) {
        break;
      }
      Thread.sleep(50);
    }
    return caughtUp;
  }
}
