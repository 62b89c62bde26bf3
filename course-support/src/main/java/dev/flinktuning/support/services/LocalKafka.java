package dev.flinktuning.support.services;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real Kafka broker for the course: Apache Kafka 4.2 in KRaft mode (broker and controller in one
 * node), running inside this JVM, listening on 127.0.0.1 only, with its log in a temporary folder
 * that {@link #close()} deletes. It is ready in a few seconds.
 *
 * <p>Or an external broker, given by its bootstrap servers ({@link #external(String)}): then this
 * class only creates topics and {@link #close()} leaves the broker alone.
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.start()) {
 *   kafka.createTopic("user-behavior", 2);
 *   ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class LocalKafka implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXTERNAL_TIMEOUT = Duration.ofSeconds(5);

  private final String bootstrapServers;
  private final KafkaRaftServer server;
  private final Path logDir;
  private boolean closed;

  private LocalKafka(String bootstrapServers, KafkaRaftServer server, Path logDir) {
    this.bootstrapServers = bootstrapServers;
    this.server = server;
    this.logDir = logDir;
  }

  /**
   * Starts a one-node broker on free ports of 127.0.0.1.
   *
   * @throws IllegalStateException when it cannot start; the message says why and what to do
   */
  public static LocalKafka start() {
    return start(0);
  }

  /**
   * Starts a one-node broker on 127.0.0.1, its clients' port {@code port} (0: a free one), its
   * controller on a free port.
   *
   * @throws IllegalStateException when it cannot start; the message says why and what to do
   */
  public static LocalKafka start(int port) {
    int[] ports =
        port == 0 ? LoopbackPorts.free(2) : new int[] {port, LoopbackPorts.free(1, port)[0]};
    int brokerPort = ports[0];
    int controllerPort = ports[1];
    Path logDir = null;
    KafkaRaftServer server = null;
    sayWhyTheBrokerStopsThisJvm();
    try {
      logDir = Files.createTempDirectory("course-kafka-");
      KafkaConfig config =
          new KafkaConfig(brokerProperties(logDir, brokerPort, controllerPort), false);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(logDir.toString())
          .run();
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      LocalKafka kafka = new LocalKafka("127.0.0.1:" + brokerPort, server, logDir);
      kafka.awaitReady(READY_TIMEOUT);
      return kafka;
    } catch (Exception e) {
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
      deleteQuietly(logDir);
      throw new IllegalStateException(
          "Could not start the course's Kafka broker on 127.0.0.1 (ports "
              + brokerPort
              + " and "
              + controllerPort
              + "): "
              + e
              + ". Check that the folder "
              + System.getProperty("java.io.tmpdir")
              + " is writable, or use a broker of your own: -Dcourse.kafka=host:port",
          e);
    }
  }

  /**
   * A broker that hits a fatal fault stops the JVM it runs in, the learner's check with it, and
   * says why only in its (quiet) log. The course says it on the console first.
   */
  private static void sayWhyTheBrokerStopsThisJvm() {
    Exit.setExitProcedure(
        (code, message) -> {
          System.err.println(stoppedBecause(code, message));
          System.exit(code);
        });
    Exit.setHaltProcedure(
        (code, message) -> {
          System.err.println(stoppedBecause(code, message));
          Runtime.getRuntime().halt(code);
        });
  }

  private static String stoppedBecause(int code, String message) {
    return "The course's Kafka broker stopped this JVM (exit code "
        + code
        + "): "
        + (message == null ? "it gave no reason" : message)
        + ". Run again; if it happens again, use a broker of your own: -Dcourse.kafka=host:port";
  }

  /**
   * Settings for the course's own producers of test data: every record acknowledged by the broker
   * ({@code acks=all}), idempotent (Kafka's default), and one request in flight at a time.
   *
   * <p>One request at a time keeps the records of a partition in the order they were sent, even on
   * a topic created a moment before. With several in flight, a first batch refused while the new
   * partition is not ready yet ({@code NOT_LEADER_OR_FOLLOWER}) can be overtaken by the next one;
   * the broker, which knows nothing of the producer yet, takes that one, and then refuses the first
   * one's retry as out of order until it expires: its records are lost. CI saw it once, on a busy
   * machine, as "Expiring 108 record(s)".
   */
  public static Map<String, Object> producerSettings(String bootstrapServers) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return settings;
  }

  /** A broker that is already running; {@link #close()} does not stop it. */
  public static LocalKafka external(String bootstrapServers) {
    LocalKafka kafka = new LocalKafka(bootstrapServers, null, null);
    try {
      kafka.awaitReady(EXTERNAL_TIMEOUT);
    } catch (Exception e) {
      throw new IllegalStateException(
          "No Kafka broker answers at "
              + bootstrapServers
              + " ("
              + e
              + "). Start it, or leave out -Dcourse.kafka to let the course start its own.",
          e);
    }
    return kafka;
  }

  /**
   * The broker named by the system property {@code course.kafka} ({@code host:port}), or a new one
   * started here when it is not set.
   */
  public static LocalKafka fromSystemProperty() {
    String external = System.getProperty("course.kafka", "").trim();
    return external.isEmpty() ? start() : external(external);
  }

  /**
   * Whether {@code course.kafka} names a broker of your own, so {@link #fromSystemProperty} starts
   * none.
   */
  public static boolean givenBySystemProperty() {
    return !System.getProperty("course.kafka", "").isBlank();
  }

  /**
   * {@code host:port} for clients: Flink's {@code KafkaSource} and {@code KafkaSink}, producers.
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Creates a topic with replication factor 1, or deletes and re-creates it when it exists, so that
   * a run starts from an empty topic.
   */
  public void recreateTopic(String topic, int partitions) {
    recreateTopic(topic, partitions, Map.of());
  }

  /** The same, with these topic settings (such as {@code cleanup.policy=compact}). */
  public void recreateTopic(String topic, int partitions, Map<String, String> settings) {
    try (Admin admin = admin()) {
      if (admin.listTopics().names().get().contains(topic)) {
        admin.deleteTopics(List.of(topic)).all().get();
        awaitTopicGone(admin, topic);
      }
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(settings)))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        throw new IllegalStateException(
            "Topic " + topic + " is still being deleted on " + bootstrapServers + "; try again.",
            e);
      }
      throw new IllegalStateException("Could not create topic " + topic + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + topic, e);
    } catch (Exception e) {
      throw new IllegalStateException("Could not create topic " + topic + ": " + e, e);
    }
  }

  /**
   * Every committed record's value in {@code topic}, partition by partition, up to the end it has
   * now. Records of open or aborted transactions are not read ({@code read_committed}).
   */
  public List<String> readCommitted(String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read topic " + topic + " to its end within 30 s on " + bootstrapServers);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  /** An admin client for this broker; close it after use. */
  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  @Override
  public synchronized void close() {
    if (closed || server == null) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    deleteQuietly(logDir);
  }

  private void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Admin admin = admin();
    try {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
        Thread.sleep(50);
      }
    } finally {
      // Do not wait for requests still queued for a broker that is not there.
      admin.close(Duration.ofSeconds(1));
    }
  }

  private static void awaitTopicGone(Admin admin, String topic) throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (admin.listTopics().names().get().contains(topic)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Topic " + topic + " was not deleted within a minute");
      }
      Thread.sleep(50);
    }
  }

  private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every replication factor and in-sync minimum is 1.
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // Flink's exactly-once KafkaSink asks for one-hour transactions; the broker's default cap is 15
    // minutes, which would make it fail at its first transaction.
    p.put("transaction.max.timeout.ms", "3600000");
    return p;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind is not worth failing for.
    }
  }
}
