package dev.flinktuning.support.grading;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@DisplayName("GradedCheckExtension")
class GradedCheckExtensionTest {

  /** Checks as a chapter would write them; run only through the test kit below. */
  static class SampleChecks {

    @GradedCheck
    void withinBudget() {
      Budget.of("x", "").measured(1).atMost(2).verify();
    }

    @GradedCheck
    void overBudget() {
      Budget.of("x", "").measured(3).atMost(2).verify();
    }

    @GradedCheck
    void wrongOutput() {
      OutputCheck.assertSameRecords("x", List.of(1), List.of(2));
    }

    @GradedCheck
    void crashes() {
      throw new IllegalStateException("boom");
    }
  }

  @AfterEach
  void gradingModeAgain() {
    System.clearProperty(GradedCheckExtension.INTEGRITY_PROPERTY);
  }

  @Test
  @DisplayName("grading: a check passes within budget and fails over it")
  void grading() {
    run("withinBudget").assertThatEvents().haveExactly(1, event(finishedSuccessfully()));
    run("overBudget")
        .assertThatEvents()
        .haveExactly(1, event(finishedWithFailure(message(m -> m.startsWith("x: measured 3")))));
  }

  @Test
  @DisplayName("integrity: failing by a budget on the starter is what a check must do")
  void integrityAcceptsBudgetFailure() {
    System.setProperty(GradedCheckExtension.INTEGRITY_PROPERTY, "true");
    run("overBudget").assertThatEvents().haveExactly(1, event(finishedSuccessfully()));
  }

  @Test
  @DisplayName("integrity: a check the starter passes fails")
  void integrityRejectsPassingCheck() {
    System.setProperty(GradedCheckExtension.INTEGRITY_PROPERTY, "true");
    run("withinBudget")
        .assertThatEvents()
        .haveExactly(
            1, event(finishedWithFailure(message(m -> m.contains("passes on the starter")))));
  }

  @Test
  @DisplayName("integrity: a starter with wrong output, or a crash, fails")
  void integrityRejectsWrongOutputAndCrashes() {
    System.setProperty(GradedCheckExtension.INTEGRITY_PROPERTY, "true");
    run("wrongOutput")
        .assertThatEvents()
        .haveExactly(1, event(finishedWithFailure(message(m -> m.contains("output check")))));
    run("crashes")
        .assertThatEvents()
        .haveExactly(1, event(finishedWithFailure(message(m -> m.contains("crashed")))));
  }

  private static Events run(String method) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectMethod(SampleChecks.class, method))
        .execute()
        .testEvents();
  }
}
