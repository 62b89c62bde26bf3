package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OutputCheck")
class OutputCheckTest {

  @Test
  @DisplayName("accepts the same records in any order")
  void anyOrder() {
    assertThatCode(
            () -> OutputCheck.assertSameRecords("x", List.of(3, 1, 2, 2), List.of(2, 1, 2, 3)))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("rejects a dropped record")
  void dropped() {
    assertThatThrownBy(
            () -> OutputCheck.assertSameRecords("counts", List.of(1, 2), List.of(1, 2, 3)))
        .isInstanceOf(OutputMismatchError.class)
        .hasMessageContaining("Wrong output for counts")
        .hasMessageContaining("1 expected records are missing")
        .hasMessageContaining("First missing:    [3]");
  }

  @Test
  @DisplayName("rejects a duplicate")
  void duplicated() {
    assertThatThrownBy(
            () -> OutputCheck.assertSameRecords("counts", List.of(1, 1, 2), List.of(1, 2)))
        .isInstanceOf(OutputMismatchError.class)
        .hasMessageContaining("1 are unexpected")
        .hasMessageContaining("First unexpected: [1]");
  }

  @Test
  @DisplayName("rejects a constant output")
  void constant() {
    assertThatThrownBy(
            () -> OutputCheck.assertSameRecords("counts", List.of(7, 7, 7), List.of(1, 2, 3)))
        .isInstanceOf(OutputMismatchError.class);
  }
}
