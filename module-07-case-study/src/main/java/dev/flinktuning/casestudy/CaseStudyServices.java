package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.data.CatalogChangesTopic;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.launcher.StarterArgumentException;
import dev.flinktuning.support.services.CatalogService;
import dev.flinktuning.support.services.LocalKafka;
import dev.flinktuning.support.services.LocalRedis;
import java.util.List;

/**
 * Everything the recommendation job talks to, started for one scenario: a Kafka broker with the
 * user-behaviour topic and the topic of the catalog's changes, the item catalog over HTTP and
 * Redis, all on 127.0.0.1. {@link #close()} stops what it started.
 *
 * <p>{@code -Dcourse.kafka=host:port} and {@code -Dcourse.redis=host:port} use services of your own
 * instead of starting them.
 */
public final class CaseStudyServices implements AutoCloseable {

  public static final String TOPIC = "user-behavior";
  public static final int PARTITIONS = 2;

  private final Scenario scenario;
  private final LocalKafka kafka;
  private final LocalRedis redis;
  private final CatalogService catalog;
  private final BehaviorTopic topic;
  private final CatalogChangesTopic catalogChanges;

  private CaseStudyServices(
      Scenario scenario, LocalKafka kafka, LocalRedis redis, CatalogService catalog) {
    this.scenario = scenario;
    this.kafka = kafka;
    this.redis = redis;
    this.catalog = catalog;
    this.topic =
        new BehaviorTopic(kafka, TOPIC, PARTITIONS, scenario.generator(), scenario.events());
    this.catalogChanges = new CatalogChangesTopic(kafka, scenario.catalogChanges());
  }

  /**
   * Starts Kafka, Redis and the catalog, empties the topic of user behaviour, and writes the
   * catalog's changes to theirs.
   */
  public static CaseStudyServices start(Scenario scenario) {
    LocalKafka kafka = LocalKafka.fromSystemProperty();
    LocalRedis redis = null;
    CatalogService catalog = null;
    try {
      redis = LocalRedis.fromSystemProperty();
      catalog =
          CatalogService.start(
              scenario.catalog(), scenario.catalogChanges(), scenario.catalogLatency(), 0);
      CaseStudyServices services = new CaseStudyServices(scenario, kafka, redis, catalog);
      services.topic.recreate();
      services.catalogChanges.recreateAndWrite();
      kafka.recreateTopic(Endpoints.rejectedTopicOf(TOPIC), 1);
      return services;
    } catch (RuntimeException e) {
      if (catalog != null) {
        catalog.close();
      }
      if (redis != null) {
        redis.close();
      }
      kafka.close();
      throw e;
    }
  }

  /**
   * {@link #start}, for a command a learner typed ({@code ./demo}, {@code course run}): a service
   * that cannot start, or a {@code -Dcourse.kafka} / {@code --redis} that is wrong, ends the
   * program with its message alone, not a stack trace.
   */
  static CaseStudyServices startForCommand(Scenario scenario) {
    try {
      return start(scenario);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new StarterArgumentException(e.getMessage());
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

  /**
   * Empties the topic of user behaviour (and its dead-letter topic) and returns it as a topic of
   * {@code events} of this scenario's events, at its pace of event time: for writing at a set rate
   * while a job reads {@link #liveEndpoints()}.
   */
  public BehaviorTopic liveTopic(long events) {
    BehaviorTopic live = new BehaviorTopic(kafka, TOPIC, PARTITIONS, scenario.generator(), events);
    live.recreate();
    clearDeadLetters();
    return live;
  }

  /** Where a job finds these services, reading the topic of user behaviour without an end. */
  public Endpoints liveEndpoints() {
    return liveEndpoints(topic);
  }

  /** Where a job finds these services, reading another topic of this broker without an end. */
  public Endpoints liveEndpoints(BehaviorTopic behaviorTopic) {
    return Endpoints.unbounded(
        kafka.bootstrapServers(),
        behaviorTopic.name(),
        catalog.url(),
        CatalogChangesTopic.NAME,
        redis.host(),
        redis.port());
  }

  /** Where a job finds these services. */
  public Endpoints endpoints() {
    return endpoints(topic);
  }

  /** Where a job finds these services, reading another topic of this broker. */
  public Endpoints endpoints(BehaviorTopic behaviorTopic) {
    return new Endpoints(
        kafka.bootstrapServers(),
        behaviorTopic.name(),
        behaviorTopic.endOffsets(),
        catalog.url(),
        CatalogChangesTopic.NAME,
        catalogChanges.endOffset(),
        redis.host(),
        redis.port());
  }

  /**
   * Creates (empty) another topic of user behaviour on this broker, with its dead-letter topic: its
   * events go to the first {@code partitionsWritten} of its {@code partitions}, and the others stay
   * empty. The catalog is this services' one, so the scenario must have the same seed and items.
   */
  public BehaviorTopic otherTopic(
      String name, int partitions, int partitionsWritten, Scenario otherScenario) {
    if (otherScenario.seed() != scenario.seed() || otherScenario.items() != scenario.items()) {
      throw new IllegalArgumentException(
          "The catalog service serves the catalog of seed "
              + scenario.seed()
              + " with "
              + scenario.items()
              + " items; a topic for another catalog would not match it");
    }
    BehaviorTopic other =
        BehaviorTopic.withEmptyPartitions(
            kafka,
            name,
            partitions,
            partitionsWritten,
            otherScenario.generator(),
            otherScenario.events());
    other.recreate();
    kafka.recreateTopic(Endpoints.rejectedTopicOf(name), 1);
    return other;
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
