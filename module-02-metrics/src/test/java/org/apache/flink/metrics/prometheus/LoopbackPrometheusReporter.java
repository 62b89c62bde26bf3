package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Flink's Prometheus reporter, serving {@code /metrics} on 127.0.0.1 only.
 *
 * <p>Flink 2.2's {@code PrometheusReporter} opens its HTTP server with {@code new
 * InetSocketAddress(port)}, on every interface, and has no option for the host. This reporter keeps
 * all of Flink's own reporting (its {@link AbstractPrometheusReporter}: the same metric names,
 * labels and text format) and only opens the socket on the loopback address. It sits in Flink's
 * package because the reporter's registry is package-private there.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

  private final HTTPServer server;

  LoopbackPrometheusReporter(int port) {
    try {
      server =
          new HTTPServer(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), port), registry, true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not serve Prometheus metrics on 127.0.0.1:" + port + " (is the port taken?)", e);
    }
  }

  /** The port it serves on. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.stop();
    super.close();
  }
}
