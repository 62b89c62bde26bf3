package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RelativeTimer")
class RelativeTimerTest {

  @Test
  @DisplayName("sees that doing a tenth of the waiting is several times faster")
  void ratio() throws Exception {
    double speedup =
        RelativeTimer.warmUp(1).rounds(3).speedup(() -> Thread.sleep(40), () -> Thread.sleep(4));
    // Ten times in theory; a wide margin for a busy machine's sleep overshoot.
    assertThat(speedup).isBetween(3.0, 12.0);
  }
}
