package dev.flinktuning.support.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StarterLauncher")
class StarterLauncherTest {

  @Test
  @DisplayName("picks another free port when the Web UI's usual one is taken")
  void portInUse() throws Exception {
    try (ServerSocket taken = occupy(8081)) {
      int port = StarterLauncher.webUiPort();
      assertThat(port).isNotEqualTo(8081).isPositive();
    }
  }

  private static ServerSocket occupy(int port) {
    try {
      return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    } catch (java.io.IOException alreadyTaken) {
      return null; // someone else holds it, which is just as good for this test
    }
  }
}
