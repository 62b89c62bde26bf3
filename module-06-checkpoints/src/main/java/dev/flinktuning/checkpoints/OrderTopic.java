package dev.flinktuning.checkpoints;

import dev.flinktuning.support.services.LocalKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToIntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The input of exercises 3 and 4: the topic {@value #NAME}, one order per record, {@code
 * orderId,account,cents}. Order {@code id} is generated from a formula, the same every run.
 */
public final class OrderTopic {

  /** The topic's name. */
  public static final String NAME = "orders";

  private OrderTopic() {}

  /** Order {@code id}: {@code orderId,account,cents}. */
  public static String line(long id) {
    long account = Math.floorMod(id * 7_919, 5_000);
    long cents = Math.floorMod(id * 2_654_435_761L, 100_000);
    return id + "," + account + "," + cents;
  }

  /** The order id a line starts with: an order line, or a line a job wrote about an order. */
  public static long idOf(String line) {
    return Long.parseLong(line.substring(0, line.indexOf(',')));
  }

  /** The account of an order line. */
  public static long accountOf(String order) {
    return Long.parseLong(order.substring(order.indexOf(',') + 1, order.lastIndexOf(',')));
  }

  /** The cents of an order line. */
  public static long centsOf(String order) {
    return Long.parseLong(order.substring(order.lastIndexOf(',') + 1));
  }

  /** How many different orders {@code lines} are about (each line starts with an order id). */
  public static long distinctOrders(List<String> lines) {
    return lines.stream().mapToLong(OrderTopic::idOf).distinct().count();
  }

  /**
   * Produces orders {@code from .. to-1}, order {@code id} to partition {@code
   * partitionOf.applyAsInt(id)}, and waits until the broker has them all. Returns how many went to
   * each partition.
   */
  public static Map<TopicPartition, Long> produce(
      String bootstrapServers, long from, long to, LongToIntFunction partitionOf) {
    Map<TopicPartition, Long> produced = new HashMap<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            LocalKafka.producerSettings(bootstrapServers),
            new StringSerializer(),
            new StringSerializer())) {
      for (long id = from; id < to; id++) {
        int partition = partitionOf.applyAsInt(id);
        producer.send(new ProducerRecord<>(NAME, partition, String.valueOf(id), line(id)));
        produced.merge(new TopicPartition(NAME, partition), 1L, Long::sum);
      }
      producer.flush();
    }
    return produced;
  }
}
