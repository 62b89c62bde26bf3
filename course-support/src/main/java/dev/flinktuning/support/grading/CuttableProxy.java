package dev.flinktuning.support.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a service, which a check can cut: every open connection
 * through it breaks at once, and new ones are refused until it is restored.
 *
 * <p>Flink's MiniCluster stops a TaskManager gracefully: its tasks are cancelled and their sinks
 * closed, so a sink that writes its buffer in {@code close()} looks as if it survived. A real crash
 * gives a sink no such chance. Cutting the job's connections to the service before the TaskManager
 * stops makes the MiniCluster's failure as abrupt as a crash, as far as that service can tell.
 *
 * <pre>{@code
 * try (CuttableProxy redisLink = CuttableProxy.to("127.0.0.1", redisPort)) {
 *   ... the job writes to 127.0.0.1:redisLink.port() ...
 *   redisLink.cut();
 *   cluster.terminateTaskManager(0).get();
 *   redisLink.restore();
 *   cluster.startTaskManager();
 * }
 * }</pre>
 */
public final class CuttableProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  private CuttableProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(this::acceptConnections, "cuttable-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy to {@code host:port} on a free port of 127.0.0.1. */
  public static CuttableProxy to(String host, int port) {
    try {
      return new CuttableProxy(host, port);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a proxy port on 127.0.0.1", e);
    }
  }

  /** The port on 127.0.0.1 that leads to the service. */
  public int port() {
    return server.getLocalPort();
  }

  /** Breaks every open connection, and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    open.forEach(CuttableProxy::closeQuietly);
    open.clear();
  }

  /** Accepts connections again. */
  public void restore() {
    cut = false;
  }

  @Override
  public void close() {
    closed = true;
    cut();
    closeQuietly(server);
  }

  private void acceptConnections() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket upstream = new Socket(targetHost, targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // cut or closed by either side
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "cuttable-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
