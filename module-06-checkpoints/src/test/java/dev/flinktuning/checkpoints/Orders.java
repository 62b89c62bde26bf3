package dev.flinktuning.checkpoints;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Exercise 3's orders: the same every run, produced in parts, and the oracle's large orders. */
final class Orders {

  static final int PARTITIONS = 2;

  private final int count;

  Orders(int count) {
    this.count = count;
  }

  /** Order {@code id} as the topic holds it: {@code orderId,account,cents}. */
  static String line(long id) {
    return OrderTopic.line(id);
  }

  static int partitionOf(long id) {
    return (int) (id % PARTITIONS);
  }

  /** The offsets at which the topic ends once every order is in. */
  Map<TopicPartition, Long> endOffsets() {
    Map<TopicPartition, Long> end = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      end.put(new TopicPartition(LargeOrdersJob.ORDERS, p), 0L);
    }
    for (long id = 0; id < count; id++) {
      end.merge(new TopicPartition(LargeOrdersJob.ORDERS, partitionOf(id)), 1L, Long::sum);
    }
    return end;
  }

  /** The large orders among orders {@code 0 .. upTo-1}. */
  static List<String> largeOrders(long upTo) {
    List<String> large = new ArrayList<>();
    for (long id = 0; id < upTo; id++) {
      if (LargeOrdersJob.isLarge(line(id))) {
        large.add(line(id));
      }
    }
    return large;
  }

  /** Produces orders {@code from .. to-1}, and waits until the broker has them all. */
  static void produce(String bootstrapServers, long from, long to) {
    OrderTopic.produce(bootstrapServers, from, to, Orders::partitionOf);
  }
}
