package dev.flinktuning.support.data;

import dev.flinktuning.support.services.LocalKafka;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The topic of user behaviour: the course writes generated {@link ShopEvent}s into it as CSV lines,
 * each user's events to one partition ({@code userId % partitions}), and, as real topics have, a
 * malformed line now and then. A topic can also have partitions that no event goes to ({@link
 * #withEmptyPartitions}), as when a key never occurs.
 */
public final class BehaviorTopic {

  /** One line in this many is not an event. */
  public static final int MALFORMED_EVERY = 2_000;

  private final LocalKafka kafka;
  private final String topic;
  private final int partitions;
  private final int partitionsWritten;
  private final ShopEventGenerator generator;
  private final long events;
  private Map<Integer, Long> endOffsets;

  public BehaviorTopic(
      LocalKafka kafka, String topic, int partitions, ShopEventGenerator generator, long events) {
    this(kafka, topic, partitions, partitions, generator, events);
  }

  private BehaviorTopic(
      LocalKafka kafka,
      String topic,
      int partitions,
      int partitionsWritten,
      ShopEventGenerator generator,
      long events) {
    if (partitionsWritten < 1 || partitionsWritten > partitions) {
      throw new IllegalArgumentException(
          "partitionsWritten must be between 1 and " + partitions + ", not " + partitionsWritten);
    }
    this.kafka = kafka;
    this.topic = topic;
    this.partitions = partitions;
    this.partitionsWritten = partitionsWritten;
    this.generator = generator;
    this.events = events;
  }

  /**
   * A topic of {@code partitions} partitions whose events all go to the first {@code
   * partitionsWritten} ({@code userId % partitionsWritten}); the others stay empty.
   */
  public static BehaviorTopic withEmptyPartitions(
      LocalKafka kafka,
      String topic,
      int partitions,
      int partitionsWritten,
      ShopEventGenerator generator,
      long events) {
    return new BehaviorTopic(kafka, topic, partitions, partitionsWritten, generator, events);
  }

  /** Empties the topic (deletes and re-creates it). */
  public void recreate() {
    kafka.recreateTopic(topic, partitions);
  }

  /**
   * The offset after the last line of each partition once all {@link #events} are in; a source
   * bounded by them reads exactly this topic's lines, even while they are still being produced.
   */
  public synchronized Map<Integer, Long> endOffsets() {
    if (endOffsets == null) {
      Map<Integer, Long> end = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        end.put(p, 0L);
      }
      for (long i = 0; i < events; i++) {
        end.merge(partitionOf(generator.map(i)), isMalformed(i) ? 2L : 1L, Long::sum);
      }
      endOffsets = Map.copyOf(end);
    }
    return endOffsets;
  }

  /** Writes lines for events {@code from .. to-1} and waits until Kafka has them all. */
  public void produce(long from, long to) {
    produce(from, to, partition -> true);
  }

  /**
   * Writes the lines of one partition only, all of its events, and waits until Kafka has them: to
   * stage a partition that is read behind the others.
   */
  public void producePartition(int partition) {
    produce(0, events, p -> p == partition);
  }

  /**
   * Writes every event at a set rate, event {@code i} due {@code i / eventsPerSecond} seconds after
   * the start (as fast as it can when behind), tells {@code sent} of each, and waits until Kafka
   * has them all. {@code stop} ends it early; so does an interrupt.
   */
  public void produceAtRate(double eventsPerSecond, BooleanSupplier stop, Sent sent) {
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("The rate must be above 0, not " + eventsPerSecond);
    }
    produce(0, events, partition -> true, eventsPerSecond, stop, sent);
  }

  /** What {@link #produceAtRate} tells about each event it sends. */
  @FunctionalInterface
  public interface Sent {
    /**
     * @param lines the lines sent for the event: 1, or 2 when a line that is not an event follows
     * @param nanoTime {@link System#nanoTime()} just before the event went to Kafka's producer
     */
    void sent(ShopEvent event, int partition, int lines, long nanoTime);
  }

  private void produce(long from, long to, IntPredicate partitions) {
    produce(from, to, partitions, 0, () -> false, (event, partition, lines, nanoTime) -> {});
  }

  /**
   * Writes the lines of events {@code from .. to-1} that go to the chosen partitions, at {@code
   * rate} events per second (0: all at once).
   */
  private void produce(
      long from, long to, IntPredicate partitions, double rate, BooleanSupplier stop, Sent sent) {
    Map<String, Object> config = LocalKafka.producerSettings(kafka.bootstrapServers());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback onFailure = (metadata, e) -> failure.compareAndSet(null, e);
    long start = System.nanoTime();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (long i = from; i < to && !stop.getAsBoolean(); i++) {
        ShopEvent event = generator.map(i);
        int partition = partitionOf(event);
        if (!partitions.test(partition)) {
          continue;
        }
        if (rate > 0 && !waitUntil(start + (long) ((i - from) * 1e9 / rate))) {
          break;
        }
        sent.sent(event, partition, isMalformed(i) ? 2 : 1, System.nanoTime());
        producer.send(new ProducerRecord<>(topic, partition, null, event.toCsv()), onFailure);
        if (isMalformed(i)) {
          producer.send(new ProducerRecord<>(topic, partition, null, malformedLine(i)), onFailure);
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "Kafka at " + kafka.bootstrapServers() + " did not take the events: " + failure.get(),
          failure.get());
    }
  }

  /** Sleeps until {@code nanoTime}; false when interrupted. */
  private static boolean waitUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** The largest event time among the events of one partition; Long.MIN_VALUE if it has none. */
  public long lastTimestampIn(int partition) {
    long last = Long.MIN_VALUE;
    for (long i = 0; i < events; i++) {
      ShopEvent event = generator.map(i);
      if (partitionOf(event) == partition) {
        last = Math.max(last, event.timestamp);
      }
    }
    return last;
  }

  /** Writes every event. */
  public void produceAll() {
    produce(0, events);
  }

  /** The topic's name. */
  public String name() {
    return topic;
  }

  public long events() {
    return events;
  }

  public ShopEventGenerator generator() {
    return generator;
  }

  private int partitionOf(ShopEvent event) {
    return partitionOf(event, partitionsWritten);
  }

  /** The partition an event goes to, of {@code partitions}: each user's events to one. */
  public static int partitionOf(ShopEvent event, int partitions) {
    return (int) (event.userId % partitions);
  }

  /** The line that is not an event, written after event {@code index} when it is malformed. */
  public static String malformedLine(long index) {
    return "not,an,event," + index;
  }

  /**
   * Whether a line that is not an event follows event {@code index}: one in {@link
   * #MALFORMED_EVERY}.
   */
  public static boolean isMalformed(long index) {
    return index % MALFORMED_EVERY == 0;
  }
}
