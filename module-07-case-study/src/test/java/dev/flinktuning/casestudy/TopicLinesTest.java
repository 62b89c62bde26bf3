package dev.flinktuning.casestudy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinktuning.support.data.Scenario;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "Chapter 7 · the sources' lines: a tombstone or a bad catalog change does not stop the job")
class TopicLinesTest {

  private static byte[] bytes(String line) {
    return line.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRecordWithoutValueIsSkippedOnEitherTopic() {
    assertThat(TopicLines.of("user-behavior").deserialize(null)).isNull();
    assertThat(TopicLines.ofCatalogChanges("catalog-changes").deserialize(null)).isNull();
  }

  @Test
  void everyLineOfTheBehaviourTopicReachesTheJob() {
    assertThat(TopicLines.of("user-behavior").deserialize(bytes("not an event")))
        .isEqualTo("not an event");
  }

  @Test
  void onlyCatalogChangesReachTheJobFromTheirTopic() {
    String change = Scenario.forChecks().catalogChanges().get(0).toLine();
    TopicLines lines = TopicLines.ofCatalogChanges("catalog-changes");
    assertThat(lines.deserialize(bytes(change))).isEqualTo(change);
    assertThat(lines.deserialize(bytes("not a change"))).isNull();
    assertThat(lines.deserialize(bytes("12;not an item"))).isNull();
  }
}
