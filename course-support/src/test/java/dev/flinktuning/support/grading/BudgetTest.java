package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Budget")
class BudgetTest {

  @Test
  @DisplayName("passes within budget, at the limit too")
  void within() {
    assertThatCode(() -> Budget.of("Records", "records").measured(10).atMost(10).verify())
        .doesNotThrowAnyException();
    assertThatCode(() -> Budget.of("Speed-up", "×").measured(3.5).atLeast(3).verify())
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("fails over budget with measured value, budget, typical values and where to read on")
  void over() {
    assertThatThrownBy(
            () ->
                Budget.of("Records sent over the network", "records")
                    .measured(81_980)
                    .atMost(1_980)
                    .typically("81,980", "1,980")
                    .readOn("module-01-principles/README.md", "Exercise 2")
                    .details("  some detail")
                    .verify())
        .isInstanceOf(BudgetExceededError.class)
        .hasMessageStartingWith("Records sent over the network: measured 81,980 records")
        .hasMessageContaining("budget at most 1,980 records")
        .hasMessageContaining("the starter 81,980; the reference solution 1,980")
        .hasMessageContaining("Read on: module-01-principles/README.md, section \"Exercise 2\"")
        .hasMessageContaining("some detail");
  }

  @Test
  @DisplayName("fails under a lower bound")
  void under() {
    assertThatThrownBy(() -> Budget.of("Speed-up", "×").measured(1.2).atLeast(3).verify())
        .isInstanceOf(BudgetExceededError.class)
        .hasMessageContaining("measured 1.20 ×, budget at least 3 ×");
  }

  @Test
  @DisplayName("refuses to check a budget without a measurement or a limit")
  void incomplete() {
    assertThatThrownBy(() -> Budget.of("Records", "").atMost(1).verify())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("says 1 request, not 1 requests")
  void singularForOne() {
    assertThatThrownBy(
            () -> Budget.of("Catalog requests", "requests").measured(1).atMost(0).verify())
        .isInstanceOf(BudgetExceededError.class)
        .hasMessageContaining("measured 1 request, budget at most 0 requests");
    assertThat(Budget.singular("round trips")).isEqualTo("round trip");
    assertThat(Budget.singular("entries")).isEqualTo("entry");
    assertThat(Budget.singular("bytes")).isEqualTo("byte");
    assertThat(Budget.singular("ms")).isEqualTo("ms");
    assertThat(Budget.singular("×")).isEqualTo("×");
    assertThat(Budget.singular("× the mean")).isEqualTo("× the mean");
    assertThat(Budget.singular("of 1,000")).isEqualTo("of 1,000");
  }
}
