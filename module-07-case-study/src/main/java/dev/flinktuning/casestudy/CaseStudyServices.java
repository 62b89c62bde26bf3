package dev.flinktuning.casestudy;

import dev.flinktuning.support.services.CatalogService;
import dev.flinktuning.support.services.LocalKafka;
import dev.flinktuning.support.services.LocalRedis;
import java.util.List;

/**
 * Everything the recommendation job talks to, started for one scenario: a Kafka broker with the
 * user-behaviour topic, the item catalog over HTTP and Redis, all on 127.0.0.1. {@link #close()}
 * stops what it started.
 *
 * <p>{@code -Dcourse.kafka=host:port} and {@code -Dcourse.redis=redis://host:port} use services of
 * your own instead of starting them.
 */
public final class CaseStudyServices implements AutoCloseable {

  public static final String TOPIC = "user-behavior";
  public static final int PARTITIONS = 2;

  private final Scenario scenario;
  private final LocalKafka kafka;
  private final LocalRedis redis;
  private final CatalogService catalog;
  private final BehaviorTopic topic;

  private CaseStudyServices(
      Scenario scenario, LocalKafka kafka, LocalRedis redis, CatalogService catalog) {
    this.scenario = scenario;
    this.kafka = kafka;
    this.redis = redis;
    this.catalog = catalog;
    this.topic =
        new BehaviorTopic(kafka, TOPIC, PARTITIONS, scenario.generator(), scenario.events());
  }

  /** Starts Kafka, Redis and the catalog, and empties the topic. */
  public static CaseStudyServices start(Scenario scenario) {
    LocalKafka kafka = LocalKafka.fromSystemProperty();
    LocalRedis redis = null;
    try {
      redis = LocalRedis.fromSystemProperty();
      CatalogService catalog = CatalogService.start(scenario.catalog(), scenario.catalogLatency());
      CaseStudyServices services = new CaseStudyServices(scenario, kafka, redis, catalog);
      services.topic.recreate();
      kafka.recreateTopic(Endpoints.rejectedTopicOf(TOPIC), 1);
      return services;
    } catch (RuntimeException e) {
      if (redis != null) {
        redis.close();
      }
      kafka.close();
      throw e;
    }
  }

  /** Clears Redis and zeroes the counters of Redis and the catalog, before a job runs. */
  public void resetCounters() {
    redis.reset();
    catalog.resetCalls();
  }

  /** Empties the dead-letter topic. */
  public void clearDeadLetters() {
    kafka.recreateTopic(Endpoints.rejectedTopicOf(TOPIC), 1);
  }

  /** The lines the job set aside in the dead-letter topic, each with its reason. */
  public List<String> deadLetters() {
    return kafka.readCommitted(Endpoints.rejectedTopicOf(TOPIC));
  }

  /** Where a job finds these services. */
  public Endpoints endpoints() {
    return new Endpoints(
        kafka.bootstrapServers(),
        TOPIC,
        topic.endOffsets(),
        catalog.url(),
        redis.host(),
        redis.port());
  }

  public Scenario scenario() {
    return scenario;
  }

  public BehaviorTopic topic() {
    return topic;
  }

  public LocalRedis redis() {
    return redis;
  }

  public CatalogService catalog() {
    return catalog;
  }

  /** Every recommendation in Redis, read back. */
  public RecommendationsInRedis recommendations() {
    return RecommendationsInRedis.read(redis, scenario.users());
  }

  @Override
  public void close() {
    catalog.close();
    redis.close();
    kafka.close();
  }
}
