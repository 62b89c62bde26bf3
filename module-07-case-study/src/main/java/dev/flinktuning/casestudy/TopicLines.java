package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.CatalogChange;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link Endpoints} reads a topic: each record's value as a line of text. A record with no
 * value (a tombstone, how a compacted topic deletes a key) is skipped with a warning; left to
 * {@link SimpleStringSchema}, it would fail the job, and fail it again on the same offset after
 * every restart. On the catalog's changes, a line that is not a change is skipped the same way: one
 * bad change must not stop the shop's recommendations.
 */
final class TopicLines extends SimpleStringSchema {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(TopicLines.class);

  private final String topic;
  private final boolean catalogChanges;

  private TopicLines(String topic, boolean catalogChanges) {
    this.topic = topic;
    this.catalogChanges = catalogChanges;
  }

  /** Any line of the topic. */
  static TopicLines of(String topic) {
    return new TopicLines(topic, false);
  }

  /** Only the lines that {@link CatalogChange#fromLine} reads. */
  static TopicLines ofCatalogChanges(String topic) {
    return new TopicLines(topic, true);
  }

  /** The record's line, or null (Flink's Kafka source then emits nothing) to skip it. */
  @Override
  public String deserialize(byte[] message) {
    if (message == null) {
      LOG.warn("Skipped a record of topic {} that has no value (a tombstone)", topic);
      return null;
    }
    String line = super.deserialize(message);
    if (catalogChanges) {
      try {
        CatalogChange.fromLine(line);
      } catch (RuntimeException e) {
        LOG.warn(
            "Skipped a line of topic {} that is not a catalog change: {}", topic, e.getMessage());
        return null;
      }
    }
    return line;
  }
}
