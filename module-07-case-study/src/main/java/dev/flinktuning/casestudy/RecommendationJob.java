package dev.flinktuning.casestudy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * <b>Your job.</b> Make the shop's recommendations at least twice as fast as the starter (the
 * graded check's budget; the reference solution reaches 3× to 15× there, depending on the machine's
 * load), with the same recommendations, and make them survive a TaskManager failure.
 *
 * <p>It starts as the slow design of {@link StarterRecommendationJob}: {@link #build} just calls
 * it. Replace the body of {@link #build} with your own pipeline (new classes go next to this one),
 * and return your job's settings from {@link #configuration}. The graded checks in {@code
 * RecommendationJobTest}, {@code StarterProblemsTest} and {@code TaskManagerFailureTest} run this
 * class; the README lists the starter's seven problems and the chapter that taught each fix.
 * Besides speed and failures, two of them are about being right: the job must score each window
 * with the catalog as it was at the window's end, its changes read from {@code
 * endpoints.catalogChangesSource()} (Problem 2), and must give the same recommendations at any
 * parallelism, on a topic with any number of partitions (Problem 7, watermarks per Kafka
 * partition).
 */
public final class RecommendationJob {

  private RecommendationJob() {}

  /** Settings for the job: state backend, checkpoints, serialization. */
  public static Configuration configuration() {
    return StarterRecommendationJob.configuration();
  }

  /**
   * Builds the pipeline: read {@code endpoints.behaviorSource()} (and the catalog's changes from
   * {@code endpoints.catalogChangesSource()}), write recommendations to Redis.
   */
  public static void build(StreamExecutionEnvironment env, Endpoints endpoints) {
    StarterRecommendationJob.build(env, endpoints);
  }

  /** Runs your job on the course's services, with the Web UI. */
  public static void main(String[] args) throws Exception {
    CaseStudyRunner.runOne(
        "Your job", RecommendationJob::configuration, RecommendationJob::build, args);
  }
}
