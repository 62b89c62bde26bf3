package dev.flinktuning.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("course check shows a failed budget once")
class GradedLinesTest {

  @Test
  void aFailRepeatingItsMeasurementHidesIt() {
    List<String> shown =
        show(
            "[graded] Bytes between tasks: measured 900 bytes, budget at most 100 bytes",
            "[graded] FAIL few bytes | Bytes between tasks: measured 900 bytes, budget at most 100 bytes.",
            "[graded] Keys: measured 3 keys, budget at most 5 keys",
            "[graded] PASS few keys",
            "[graded] 1 of 2 graded checks pass.");
    assertThat(shown)
        .containsExactly(
            "[graded] FAIL few bytes | Bytes between tasks: measured 900 bytes, budget at most 100"
                + " bytes.",
            "[graded] Keys: measured 3 keys, budget at most 5 keys",
            "[graded] PASS few keys",
            "[graded] 1 of 2 graded checks pass.");
  }

  @Test
  void aFailForAnotherReasonKeepsTheMeasurement() {
    List<String> shown =
        show(
            "[graded] Keys: measured 3 keys, budget at most 5 keys",
            "[graded] FAIL few keys | Wrong output for keys: 2 records are missing.");
    assertThat(shown).hasSize(2);
  }

  @Test
  void aLastMeasurementIsShown() {
    assertThat(show("[graded] Keys: measured 3 keys, budget at most 5 keys")).hasSize(1);
  }

  private static List<String> show(String... lines) {
    List<String> shown = new ArrayList<>();
    CheckCommand.GradedLines graded = new CheckCommand.GradedLines(shown::add);
    for (String line : lines) {
      graded.accept(line);
    }
    graded.finish();
    return shown;
  }
}
