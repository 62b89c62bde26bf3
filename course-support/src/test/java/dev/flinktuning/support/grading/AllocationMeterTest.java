package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AllocationMeter")
class AllocationMeterTest {

  private static volatile Object sink;

  @Test
  @DisplayName("counts the bytes a call allocates")
  void countsAllocations() throws Exception {
    double perCall = AllocationMeter.bytesPerCall(20_000, i -> sink = new byte[1_000]);
    assertThat(perCall).isBetween(1_000.0, 1_100.0);
  }

  @Test
  @DisplayName("counts next to nothing for a call that allocates nothing")
  void noAllocation() throws Exception {
    long[] counter = new long[1];
    double perCall = AllocationMeter.bytesPerCall(20_000, i -> counter[0] += i);
    assertThat(perCall).isLessThan(1.0);
  }
}
