package dev.flinktuning.casestudy;

import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.JobShape;
import dev.flinktuning.support.grading.RouteCheck;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs a version of the job on a grading cluster against the services, as the checks need it. */
final class CaseStudyCheck {

  /** A version of the job: its configuration and its pipeline. */
  record Version(String name, Configuration configuration, CaseStudyRunner.JobBuilder builder) {}

  static final Version STARTER =
      new Version(
          "the starter", StarterRecommendationJob.configuration(), StarterRecommendationJob::build);

  static final Version YOURS =
      new Version("RecommendationJob", RecommendationJob.configuration(), RecommendationJob::build);

  /**
   * What a run left behind.
   *
   * @param lateRecordsDropped events the job's window operators dropped as late (their metric
   *     {@code numLateRecordsDropped}, summed over operators and subtasks)
   * @param windowOperators how many window operators (times subtasks) reported that metric
   * @param sourceParallelism the largest parallelism among the job's sources
   */
  record Outcome(
      List<String> recommendations,
      long catalogCalls,
      long redisRoundTrips,
      long lateRecordsDropped,
      int windowOperators,
      int sourceParallelism) {}

  static final String README = "module-07-case-study/README.md";

  private CaseStudyCheck() {}

  /** Runs the version over the whole topic, which must already hold every event. */
  static Outcome run(GradingCluster cluster, CaseStudyServices services, Version version)
      throws Exception {
    return run(cluster, services, version, services.topic(), CaseStudyRunner.PARALLELISM);
  }

  /**
   * Runs the version at this parallelism over the whole of {@code topic}, which must already hold
   * every event.
   */
  static Outcome run(
      GradingCluster cluster,
      CaseStudyServices services,
      Version version,
      BehaviorTopic topic,
      int parallelism)
      throws Exception {
    services.resetCounters();
    StreamExecutionEnvironment env = cluster.environment(parallelism, version.configuration());
    version.builder().build(env, services.endpoints(topic));
    try (JobRun run = cluster.run(env)) {
      long lines = topic.endOffsets().values().stream().mapToLong(n -> n).sum();
      RouteCheck.sourcesReadAll(run, lines, README, "The graded checks");
      long lateDropped = 0;
      int windowOperators = 0;
      for (Metric metric : run.metrics(".*\\.numLateRecordsDropped").values()) {
        if (metric instanceof Counter counter) {
          lateDropped += counter.getCount();
          windowOperators++;
        }
      }
      return new Outcome(
          services.recommendations().lines(),
          services.catalog().calls(),
          services.redis().stats().roundTrips(),
          lateDropped,
          windowOperators,
          run.shape().sources().stream().mapToInt(JobShape.Vertex::parallelism).max().orElse(0));
    }
  }
}
