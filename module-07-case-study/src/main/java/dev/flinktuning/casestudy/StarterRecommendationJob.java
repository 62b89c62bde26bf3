package dev.flinktuning.casestudy;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.util.Collector;

/**
 * The shop's recommendation job as first written: correct, and slow. Leave this file as it is: the
 * demo and the graded speed check race your {@link RecommendationJob} against it.
 *
 * <p>For every user, every 5 minutes of event time, it recommends ten items from their last hour of
 * behaviour, and writes them to Redis. Its design has seven problems, most of them taught in an
 * earlier chapter (see this chapter's README):
 *
 * <ol>
 *   <li>a full window function over a sliding window: every event is kept 12 times, in every window
 *       it falls in (chapter 1);
 *   <li>the item catalog is fetched over HTTP every time a window fires (chapter 2);
 *   <li>{@link UserBehavior} is not a Flink POJO, so it crosses the network through Kryo (chapter
 *       3);
 *   <li>every item is scored and the whole list sorted to keep ten;
 *   <li>one Redis round trip per recommendation;
 *   <li>no checkpoints: a failed TaskManager fails the job (chapter 6);
 *   <li>timestamps and watermarks are assigned after {@code Parse}, on one stream in which a
 *       subtask's Kafka partitions are already mixed: when a subtask reads more partitions than one
 *       (parallelism below the partition count), the windows drop events as late, silently.
 * </ol>
 */
public final class StarterRecommendationJob {

  private StarterRecommendationJob() {}

  /** The starter's configuration: none (no checkpoints, the heap state backend). */
  public static Configuration configuration() {
    return new Configuration();
  }

  /** Builds the starter's pipeline: Kafka in, Redis out. */
  public static void build(StreamExecutionEnvironment env, Endpoints endpoints) {
    DataStream<UserBehavior> behaviors =
        env.fromSource(endpoints.behaviorSource(), WatermarkStrategy.noWatermarks(), "Kafka")
            .flatMap(new SkipUnreadableLines())
            .name("Parse")
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<UserBehavior>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                    .withTimestampAssigner((behavior, previous) -> behavior.timestamp()));

    behaviors
        .keyBy(UserBehavior::userId)
        .window(SlidingEventTimeWindows.of(Duration.ofHours(1), Duration.ofMinutes(5)))
        .process(new RecommendFromWholeWindow(endpoints.catalogUrl()))
        .name("Recommend")
        .sinkTo(new RedisWriteEachSink(endpoints.redisHost(), endpoints.redisPort()))
        .name("Redis");
  }

  /** Runs the starter on the course's services, with the Web UI. */
  public static void main(String[] args) throws Exception {
    CaseStudyRunner.runOne(
        "Starter", StarterRecommendationJob::configuration, StarterRecommendationJob::build, args);
  }

  /** Reads a line of the topic; a line it cannot read is dropped, without a trace. */
  static final class SkipUnreadableLines implements FlatMapFunction<String, UserBehavior> {
    @Override
    public void flatMap(String line, Collector<UserBehavior> out) {
      try {
        out.collect(UserBehavior.parse(line));
      } catch (IllegalArgumentException e) {
        // dropped
      }
    }
  }
}
