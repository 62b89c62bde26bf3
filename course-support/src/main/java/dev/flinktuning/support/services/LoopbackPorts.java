package dev.flinktuning.support.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on 127.0.0.1, for the services the course starts. */
public final class LoopbackPorts {

  private LoopbackPorts() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int free() {
    return free(1)[0];
  }

  /**
   * {@code count} different ports that were free on 127.0.0.1 a moment ago, none of them {@code
   * taken}. The sockets stay open until all are found, so the system cannot hand out one port
   * twice.
   */
  public static int[] free(int count, int... taken) {
    List<ServerSocket> open = new ArrayList<>();
    try {
      int[] ports = new int[count];
      int found = 0;
      while (found < count) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(socket);
        int port = socket.getLocalPort();
        if (!contains(taken, port)) {
          ports[found++] = port;
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find " + count + " free ports on 127.0.0.1", e);
    } finally {
      for (ServerSocket socket : open) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // The port is free again either way.
        }
      }
    }
  }

  private static boolean contains(int[] ports, int port) {
    for (int candidate : ports) {
      if (candidate == port) {
        return true;
      }
    }
    return false;
  }
}
