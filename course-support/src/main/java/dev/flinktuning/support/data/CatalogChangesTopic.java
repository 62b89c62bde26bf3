package dev.flinktuning.support.data;

import dev.flinktuning.support.services.LocalKafka;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The topic of the catalog's changes: one partition, compacted, each change a {@link
 * CatalogChange#toLine() line} keyed by its item id. Compaction keeps the newest change of each
 * item, so the topic stays as small as the catalog however long it lives; here each item changes at
 * most once, so it loses nothing.
 */
public final class CatalogChangesTopic {

  /** The topic's name on the course's broker. */
  public static final String NAME = "catalog-changes";

  private final LocalKafka kafka;
  private final List<CatalogChange> changes;

  public CatalogChangesTopic(LocalKafka kafka, List<CatalogChange> changes) {
    this.kafka = kafka;
    this.changes = List.copyOf(changes);
  }

  /** Empties the topic (creating it if needed) and writes every change, in order. */
  public void recreateAndWrite() {
    kafka.recreateTopic(NAME, 1, Map.of("cleanup.policy", "compact"));
    Map<String, Object> config = LocalKafka.producerSettings(kafka.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (CatalogChange change : changes) {
        producer
            .send(new ProducerRecord<>(NAME, 0, Long.toString(change.item.itemId), change.toLine()))
            .get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka at " + kafka.bootstrapServers() + " did not take the catalog's changes: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while writing the catalog's changes", e);
    }
  }

  /** How many records the topic holds once written: its end offset in partition 0. */
  public long endOffset() {
    return changes.size();
  }
}
