package dev.flinktuning.support.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.RepeatedTest;

class LoopbackPortsTest {

  /**
   * A broker's two listeners on one port stop it from starting: CI met it once, when two calls to
   * {@link LoopbackPorts#free()} in a row returned the same port.
   */
  @RepeatedTest(50)
  void portsAskedForTogetherAreDifferentAndAvoidTheTakenOnes() {
    int taken = LoopbackPorts.free();
    int[] ports = LoopbackPorts.free(3, taken);
    assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(3);
    assertThat(ports).doesNotContain(taken, 0);
  }
}
