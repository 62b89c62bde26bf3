package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.CatalogChangesTopic;
import dev.flinktuning.support.services.RedisAddress;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@link RecommendationJob} for a real Flink cluster, where Kafka, Redis and the catalog already
 * run. The job reads the topic from the start and runs until it is stopped. Built into the job jar
 * ({@code -Pjob-jar}); see the chapter's README, "Running it on a Flink cluster".
 *
 * <pre>
 * flink run -d -p 2 module-07-case-study-1.0-SNAPSHOT-job.jar \
 *   --kafka broker:9092 --topic user-behavior --catalog http://catalog:8080 \
 *   --catalog-changes catalog-changes --redis redis:6379
 * </pre>
 *
 * <p>{@code --catalog-changes} is optional: the topic of the catalog's changes, {@code
 * catalog-changes} unless told otherwise.
 */
public final class RecommendationJobOnCluster {

  static final String DEFAULT_CATALOG_CHANGES = CatalogChangesTopic.NAME;

  private static final String USAGE =
      "Usage: --kafka HOST:PORT --topic TOPIC --catalog http://HOST:PORT"
          + " [--catalog-changes TOPIC] --redis HOST:PORT";

  private RecommendationJobOnCluster() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    RedisAddress redis;
    try {
      redis = RedisAddress.parse(options.get("--redis"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE, e);
    }
    Endpoints endpoints =
        Endpoints.unbounded(
            options.get("--kafka"),
            options.get("--topic"),
            options.get("--catalog"),
            options.getOrDefault("--catalog-changes", DEFAULT_CATALOG_CHANGES),
            redis.host(),
            redis.port());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(RecommendationJob.configuration());
    RecommendationJob.build(env, endpoints);
    env.execute("Recommendations");
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    for (String required : new String[] {"--kafka", "--topic", "--catalog", "--redis"}) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("Missing " + required + "\n" + USAGE);
      }
    }
    return options;
  }
}
