package dev.flinktuning.support.services;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A per-item lookup over HTTP on 127.0.0.1, with the habits of a real remote service: a set
 * latency, transient refusals (HTTP 503) that a retry gets past, and a few lookups that always
 * fail. It counts the requests it serves and the most it ever had in flight at once, as a service's
 * own dashboard would.
 *
 * <p>{@code GET /items/{itemId}?order={orderId}} answers {@code 200} with the item's supplier,
 * {@link #supplierOf(long)}, one line. The failures depend only on the order id, so they are the
 * same on every run and under any concurrency:
 *
 * <ul>
 *   <li>an order with {@code orderId % transientEvery == 1}: its first request answers 503, later
 *       ones succeed;
 *   <li>an order with {@code orderId % brokenEvery == 2}: every request answers 503.
 * </ul>
 *
 * <p>Chapter 2's Async I/O exercise calls it (see {@link CatalogService} for the item catalog).
 */
public final class ItemLookupService implements AutoCloseable {

  static {
    // As in CatalogService: no Nagle delay on the JDK server's responses.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService workers;
  private final Duration latency;
  private final long transientEvery;
  private final long brokenEvery;
  private final Map<Long, AtomicInteger> requestsPerOrder = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong firstRequestNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastAnswerNanos = new AtomicLong(Long.MIN_VALUE);

  private ItemLookupService(Duration latency, long transientEvery, long brokenEvery, int threads) {
    if (transientEvery < 3 || brokenEvery < 3) {
      throw new IllegalArgumentException("transientEvery and brokenEvery must be at least 3");
    }
    this.latency = latency;
    this.transientEvery = transientEvery;
    this.brokenEvery = brokenEvery;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a port on 127.0.0.1 for the item service", e);
    }
    workers = Executors.newFixedThreadPool(threads, ItemLookupService::daemon);
    server.setExecutor(workers);
    server.createContext("/items", this::handle);
    server.start();
  }

  /**
   * Starts the service on a free port of 127.0.0.1, serving up to 128 requests at once.
   *
   * @param latency how long each request waits before it is answered
   * @param transientEvery one order in this many is refused once (at least 3)
   * @param brokenEvery one order in this many is always refused (at least 3)
   */
  public static ItemLookupService start(Duration latency, long transientEvery, long brokenEvery) {
    return new ItemLookupService(latency, transientEvery, brokenEvery, 128);
  }

  /** The supplier the service answers for an item. */
  public static String supplierOf(long itemId) {
    return "supplier-" + (itemId * 31 % 17);
  }

  /** Whether the service refuses every request for this order. */
  public boolean isBroken(long orderId) {
    return orderId % brokenEvery == 2;
  }

  /** Whether the service refuses the first request for this order (and only that one). */
  public boolean isRefusedOnce(long orderId) {
    return !isBroken(orderId) && orderId % transientEvery == 1;
  }

  /** {@code http://127.0.0.1:port}, the base of every request. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests served (answered or refused) since the start or the last {@link #reset()}. */
  public long requests() {
    return requests.get();
  }

  /** The most requests the service was serving at the same moment. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /**
   * From the first request's arrival to the last answer's, since the last {@link #reset()}: how
   * long the service was kept busy by a job, without the job's own start and end.
   */
  public Duration busySpan() {
    long first = firstRequestNanos.get();
    long last = lastAnswerNanos.get();
    return first == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(Math.max(0, last - first));
  }

  /** Forgets the counts and which orders were already refused once. */
  public void reset() {
    requests.set(0);
    maxInFlight.set(0);
    firstRequestNanos.set(Long.MAX_VALUE);
    lastAnswerNanos.set(Long.MIN_VALUE);
    requestsPerOrder.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    firstRequestNanos.accumulateAndGet(System.nanoTime(), Math::min);
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try (exchange) {
      requests.incrementAndGet();
      Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      long itemId;
      long orderId;
      try {
        itemId = Long.parseLong(path.substring("/items/".length()));
        orderId = Long.parseLong(query.substring(query.indexOf("order=") + "order=".length()));
      } catch (RuntimeException e) {
        respond(exchange, 400, "Ask GET /items/{itemId}?order={orderId}\n");
        return;
      }
      int attempt =
          requestsPerOrder.computeIfAbsent(orderId, o -> new AtomicInteger()).incrementAndGet();
      if (isBroken(orderId) || (isRefusedOnce(orderId) && attempt == 1)) {
        respond(exchange, 503, "Busy, try again\n");
      } else {
        respond(exchange, 200, supplierOf(itemId) + "\n");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      lastAnswerNanos.accumulateAndGet(System.nanoTime(), Math::max);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "item-lookup-service");
    thread.setDaemon(true);
    return thread;
  }
}
