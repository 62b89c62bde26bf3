package dev.flinktuning.support.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CuttableProxy")
class CuttableProxyTest {

  @Test
  @DisplayName("forwards both ways, breaks open connections when cut, and accepts new ones again")
  void cutsAndRestores() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CuttableProxy proxy = CuttableProxy.to("127.0.0.1", echo.getLocalPort())) {
      Thread server = new Thread(() -> echoLines(echo));
      server.setDaemon(true);
      server.start();

      try (Socket before = new Socket("127.0.0.1", proxy.port())) {
        assertThat(roundTrip(before, "ping")).isEqualTo("ping");
        proxy.cut();
        assertThatThrownBy(() -> roundTrip(before, "lost")).isInstanceOf(IOException.class);
      }
      proxy.restore();
      try (Socket after = new Socket("127.0.0.1", proxy.port())) {
        assertThat(roundTrip(after, "again")).isEqualTo("again");
      }
    }
  }

  private static String roundTrip(Socket socket, String line) throws IOException {
    new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8).println(line);
    String answer =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    if (answer == null) {
      throw new IOException("connection closed");
    }
    return answer;
  }

  private static void echoLines(ServerSocket server) {
    while (true) {
      try {
        Socket client = server.accept();
        Thread connection =
            new Thread(
                () -> {
                  try (client) {
                    BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter out =
                        new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8);
                    String line;
                    while ((line = in.readLine()) != null) {
                      out.println(line);
                    }
                  } catch (IOException closed) {
                    // the proxy cut it
                  }
                });
        connection.setDaemon(true);
        connection.start();
      } catch (IOException closed) {
        return;
      }
    }
  }
}
