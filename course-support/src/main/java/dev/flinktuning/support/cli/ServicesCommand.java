package dev.flinktuning.support.cli;

import dev.flinktuning.support.data.BehaviorTopic;
import dev.flinktuning.support.data.CatalogChangesTopic;
import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.services.CatalogService;
import dev.flinktuning.support.services.LocalKafka;
import dev.flinktuning.support.services.LocalRedis;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code course services}: the case study's services for a Flink cluster of your own. Starts a
 * Kafka broker (KRaft), Redis and the item catalog on 127.0.0.1, creates the topic of user
 * behaviour and its dead-letter topic, writes the catalog's changes to their compacted topic and
 * the case study's events to theirs (all at once, or at a set rate), prints the arguments for the
 * chapter 7 job's {@code flink run} line, and waits until Ctrl-C, then stops everything.
 *
 * <p>The events are the demo's ({@code ./demo}): {@link Scenario#forDemo()}, with as many events as
 * asked over the same 4 hours of event time, written by {@link BehaviorTopic}'s rules (each user's
 * events to one partition, and now and then a line that is not an event).
 */
@Command(
    name = "services",
    mixinStandardHelpOptions = true,
    description = {
      "Starts Kafka, Redis and the item catalog on 127.0.0.1 for the chapter 7 job on a Flink"
          + " cluster of your own, writes the case study's events, prints the job's arguments,"
          + " and waits until Ctrl-C."
    })
final class ServicesCommand extends Course.CourseCommand {

  static final String TOPIC = "user-behavior";

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      description = "Kafka's port (default: a free one).")
  int kafkaPort;

  @Option(
      names = "--redis-port",
      paramLabel = "PORT",
      description = "Redis's port (default: a free one).")
  int redisPort;

  @Option(
      names = "--catalog-port",
      paramLabel = "PORT",
      description = "The catalog's port (default: a free one).")
  int catalogPort;

  @Option(
      names = "--events",
      paramLabel = "N",
      description =
          "Events to write (default ${DEFAULT-VALUE}, the demo's: 4 hours of event time).",
      defaultValue = "50000")
  long events;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description = "Events per second (default: all at once).")
  Double rate;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Partitions of the topic (default ${DEFAULT-VALUE}, as the demo's).",
      defaultValue = "2")
  int partitions;

  @Option(
      names = "--catalog-ms",
      paramLabel = "MS",
      description = "Latency of each catalog request, in ms (default ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int catalogMillis;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = out();
    out.println("Starting Kafka, Redis and the catalog on 127.0.0.1 ...");
    out.flush();
    Running running = new Running();
    Thread hook = new Thread(running::stop, "course-services-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      running.kafka = LocalKafka.start(kafkaPort);
      running.kafka.recreateTopic(TOPIC, partitions);
      running.kafka.recreateTopic(TOPIC + "-rejected", 1);
      running.redis = LocalRedis.start(redisPort);
      running.catalog =
          CatalogService.start(
              scenario().catalog(),
              scenario().catalogChanges(),
              Duration.ofMillis(catalogMillis),
              catalogPort);
      new CatalogChangesTopic(running.kafka, scenario().catalogChanges()).recreateAndWrite();
      String catalogUrl = running.catalog.url();
      out.printf(
          Locale.ROOT,
          "Kafka    %s  topic %s (%d partitions), dead letters %s-rejected,%n"
              + "         catalog changes %s (%d changes, compacted)%n"
              + "Redis    %s:%d%n"
              + "Catalog  %s/items%n%n",
          running.kafka.bootstrapServers(),
          TOPIC,
          partitions,
          TOPIC,
          CatalogChangesTopic.NAME,
          scenario().catalogChanges().size(),
          running.redis.host(),
          running.redis.port(),
          catalogUrl);
      out.printf(
          Locale.ROOT,
          "The chapter 7 job's arguments (module-07-case-study/README.md, \"Running it on a Flink"
              + " cluster\"):%n%n"
              + "  flink run -d -p %d module-07-case-study-1.0-SNAPSHOT-job.jar \\%n"
              + "    --kafka %s --topic %s --catalog %s \\%n"
              + "    --catalog-changes %s --redis %s:%d%n%n",
          partitions,
          running.kafka.bootstrapServers(),
          TOPIC,
          catalogUrl,
          CatalogChangesTopic.NAME,
          running.redis.host(),
          running.redis.port());
      out.flush();
      produce(running, out);
      out.println("Waiting. Ctrl-C stops Kafka, Redis and the catalog.");
      out.flush();
      running.stopped.await();
      return 0;
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      throw new CourseException(e.getMessage(), 1);
    } finally {
      running.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running.
      }
    }
  }

  private void validate() {
    for (int port : new int[] {kafkaPort, redisPort, catalogPort}) {
      if (port < 0 || port > 65535) {
        throw new CourseException(
            "A port is between 1 and 65535 (or 0 for a free one), not " + port + ".");
      }
    }
    if (events < 1) {
      throw new CourseException(
          "--events takes a number of events, 1 or more, not " + events + ".");
    }
    if (rate != null && !(rate > 0)) {
      throw new CourseException("--rate takes events per second, more than 0, not " + rate + ".");
    }
    if (partitions < 1 || partitions > 64) {
      throw new CourseException("--partitions takes 1 to 64, not " + partitions + ".");
    }
    if (catalogMillis < 0) {
      throw new CourseException("--catalog-ms takes 0 or more, not " + catalogMillis + ".");
    }
  }

  /** The demo's shop with this many events over the demo's span of event time. */
  Scenario scenario() {
    return Scenario.forDemo().withEvents(events);
  }

  private void produce(Running running, PrintWriter out) {
    BehaviorTopic topic =
        new BehaviorTopic(running.kafka, TOPIC, partitions, scenario().generator(), events);
    out.printf(
        Locale.ROOT,
        "Writing %,d events to %s %s ...%n",
        events,
        TOPIC,
        rate == null ? "all at once" : String.format(Locale.ROOT, "at %,.0f per second", rate));
    out.flush();
    long start = System.nanoTime();
    if (rate == null) {
      topic.produceAll();
    } else {
      long[] lastReport = {start};
      long[] written = {0};
      topic.produceAtRate(
          rate,
          () -> running.stopping,
          (event, partition, lines, now) -> {
            if (now - lastReport[0] > 10_000_000_000L) {
              out.printf(Locale.ROOT, "  %,d events written%n", written[0]);
              out.flush();
              lastReport[0] = now;
            }
            written[0]++;
          });
    }
    if (!running.stopping) {
      long malformed = (events + BehaviorTopic.MALFORMED_EVERY - 1) / BehaviorTopic.MALFORMED_EVERY;
      out.printf(
          Locale.ROOT,
          "Wrote %,d events (and %,d %s) in %.1f s.%n",
          events,
          malformed,
          malformed == 1 ? "line that is not an event" : "lines that are not events",
          (System.nanoTime() - start) / 1e9);
    }
  }

  /** The services started, stopped once, by Ctrl-C or at the end. */
  private static final class Running {
    volatile boolean stopping;
    final CountDownLatch stopped = new CountDownLatch(1);
    volatile LocalKafka kafka;
    volatile LocalRedis redis;
    volatile CatalogService catalog;

    synchronized void stop() {
      if (stopped.getCount() == 0) {
        return;
      }
      stopping = true;
      System.out.println("Stopping the catalog, Redis and Kafka ...");
      if (catalog != null) {
        catalog.close();
      }
      if (redis != null) {
        redis.close();
      }
      if (kafka != null) {
        kafka.close();
      }
      System.out.println("Stopped.");
      stopped.countDown();
    }
  }
}
