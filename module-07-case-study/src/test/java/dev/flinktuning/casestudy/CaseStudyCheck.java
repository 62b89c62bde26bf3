package dev.flinktuning.casestudy;

import dev.flinktuning.support.grading.GradingCluster;
import dev.flinktuning.support.grading.JobRun;
import dev.flinktuning.support.grading.RouteCheck;
import java.util.List;
import org.apache.flink.configuration.Configuration;
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

  /** What a run left behind. */
  record Outcome(List<String> recommendations, long catalogCalls, long redisRoundTrips) {}

  static final String README = "module-07-case-study/README.md";

  private CaseStudyCheck() {}

  /** Runs the version over the whole topic, which must already hold every event. */
  static Outcome run(GradingCluster cluster, CaseStudyServices services, Version version)
      throws Exception {
    services.resetCounters();
    StreamExecutionEnvironment env =
        cluster.environment(CaseStudyRunner.PARALLELISM, version.configuration());
    version.builder().build(env, services.endpoints());
    try (JobRun run = cluster.run(env)) {
      long lines = services.topic().endOffsets().values().stream().mapToLong(n -> n).sum();
      RouteCheck.sourcesReadAll(run, lines, README, "The graded checks");
      return new Outcome(
          services.recommendations().lines(),
          services.catalog().calls(),
          services.redis().stats().roundTrips());
    }
  }
}
