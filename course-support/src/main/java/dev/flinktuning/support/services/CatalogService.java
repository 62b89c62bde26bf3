package dev.flinktuning.support.services;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flinktuning.support.data.CatalogChange;
import dev.flinktuning.support.data.ItemCatalog;
import dev.flinktuning.support.data.ItemProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shop's item catalog as a real HTTP service on 127.0.0.1: the "external system" a job calls.
 * Every request waits a set latency before it answers, as a remote service would, and is counted.
 *
 * <ul>
 *   <li>{@code GET /items}: every item profile at the start of the day, before any change, one
 *       {@link ItemProfile#toLine() line} each
 *   <li>{@code GET /items?asOf=T}: the same, with every {@link CatalogChange change} that takes
 *       effect at event time {@code T} (epoch milliseconds) or before
 *   <li>{@code GET /items/{id}}: one item profile at the start of the day, or 404
 * </ul>
 *
 * <p>Requests are served by a pool of threads, so concurrent callers each wait the latency once,
 * not one after the other.
 */
public final class CatalogService implements AutoCloseable {

  static {
    // The JDK's server writes a response's headers and body separately; with Nagle's algorithm on,
    // the body then waits for the client's delayed ACK: about 40 ms per request on Linux, which
    // would swamp the latency the catalog is meant to have. Must be set before the first server.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService workers;
  private final Map<Long, String> lines = new LinkedHashMap<>();
  private final byte[] allItems;

  /**
   * The catalog's versions, each answer made once: the key is the time from which a version holds
   * ({@code Long.MIN_VALUE} for the start of the day), the value the answer to {@code GET /items}.
   */
  private final TreeMap<Long, byte[]> versions = new TreeMap<>();

  private final Duration latency;
  private final AtomicLong calls = new AtomicLong();

  private CatalogService(
      List<ItemProfile> items,
      List<CatalogChange> changes,
      Duration latency,
      int threads,
      int port) {
    this.latency = latency;
    for (ItemProfile item : items) {
      lines.put(item.itemId, item.toLine());
    }
    this.allItems = linesOf(items);
    versions.put(Long.MIN_VALUE, allItems);
    for (CatalogChange change : changes) {
      versions.computeIfAbsent(
          change.effectiveAt, from -> linesOf(ItemCatalog.asOf(items, changes, from)));
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not open "
              + (port == 0 ? "a port" : "port " + port)
              + " on 127.0.0.1 for the catalog",
          e);
    }
    workers = Executors.newFixedThreadPool(threads, CatalogService::daemon);
    server.setExecutor(workers);
    server.createContext("/items", this::handle);
    server.start();
  }

  /**
   * Starts the catalog on a free port of 127.0.0.1.
   *
   * @param latency how long each request waits before it is answered
   */
  public static CatalogService start(List<ItemProfile> items, Duration latency) {
    return start(items, latency, 0);
  }

  /** Starts the catalog on port {@code port} of 127.0.0.1 (0: a free one). */
  public static CatalogService start(List<ItemProfile> items, Duration latency, int port) {
    return start(items, List.of(), latency, port);
  }

  /**
   * Starts the catalog, with these changes during the day, on port {@code port} of 127.0.0.1 (0: a
   * free one).
   */
  public static CatalogService start(
      List<ItemProfile> items, List<CatalogChange> changes, Duration latency, int port) {
    return new CatalogService(items, changes, latency, 16, port);
  }

  /** {@code http://127.0.0.1:port}, the base of every request. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests answered or refused since the start or the last {@link #resetCalls()}. */
  public long calls() {
    return calls.get();
  }

  public void resetCalls() {
    calls.set(0);
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      calls.incrementAndGet();
      Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "Only GET\n".getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/items") || path.equals("/items/")) {
        String asOf = asOf(exchange.getRequestURI().getQuery());
        if (asOf == null) {
          respond(exchange, 200, allItems);
        } else {
          try {
            respond(exchange, 200, versions.floorEntry(Long.parseLong(asOf.trim())).getValue());
          } catch (NumberFormatException e) {
            respond(
                exchange,
                400,
                ("asOf must be a time in epoch milliseconds, not '" + asOf + "'\n")
                    .getBytes(StandardCharsets.UTF_8));
          }
        }
      } else {
        String line = lineOf(path.substring("/items/".length()));
        if (line == null) {
          respond(exchange, 404, ("No item " + path + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
          respond(exchange, 200, (line + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The value of {@code asOf} in a query string, or null. */
  private static String asOf(String query) {
    if (query == null) {
      return null;
    }
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("asOf=")) {
        return parameter.substring("asOf=".length());
      }
    }
    return null;
  }

  private static byte[] linesOf(List<ItemProfile> items) {
    StringBuilder all = new StringBuilder();
    for (ItemProfile item : items) {
      all.append(item.toLine()).append('\n');
    }
    return all.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String lineOf(String id) {
    try {
      return lines.get(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "catalog-service");
    thread.setDaemon(true);
    return thread;
  }
}
