package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GradedSummary")
class GradedSummaryTest {

  @Test
  @DisplayName("lists each graded check and counts those that pass")
  void grading() {
    List<String> lines =
        GradedSummary.lines(
            List.of(new String[] {"PASS", "Chapter 1: a"}, new String[] {"FAIL", "Chapter 1: b"}),
            false);

    assertThat(lines)
        .containsExactly(
            "Summary:", "  PASS Chapter 1: a", "  FAIL Chapter 1: b", "1 of 2 graded checks pass.");
  }

  @Test
  @DisplayName("in the integrity run, counts the checks that fail on the starter as they must")
  void integrity() {
    List<String> lines = GradedSummary.lines(List.<String[]>of(new String[] {"OK  ", "a"}), true);

    assertThat(lines)
        .containsExactly(
            "Summary of the integrity run (on the starters):",
            "  OK   a",
            "1 of 1 graded check fails on the starter by its budget, as it must.");
  }
}
