package dev.flinktuning.casestudy;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The event time of a line of the topic: its last field, as {@code ShopEvent.toCsv()} writes it. A
 * line that is not an event has no event time: it gets {@link Long#MIN_VALUE}, which never moves a
 * watermark, and is set aside by {@link ParseOrSetAside} anyway.
 *
 * <p>Why not the Kafka record's own timestamp: the course's producer, like many, does not set it,
 * so the record carries the time the line was sent, not when the event happened.
 */
final class TimeOfLine implements SerializableTimestampAssigner<String> {

  private static final long serialVersionUID = 1L;

  /** A shop event's line has this many commas: seven fields. */
  private static final int COMMAS = 6;

  @Override
  public long extractTimestamp(String line, long kafkaTimestamp) {
    int commas = 0;
    int last = -1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        commas++;
        last = i;
      }
    }
    if (commas != COMMAS) {
      return Long.MIN_VALUE;
    }
    try {
      return Long.parseLong(line, last + 1, line.length(), 10);
    } catch (NumberFormatException notAnEvent) {
      return Long.MIN_VALUE;
    }
  }
}
