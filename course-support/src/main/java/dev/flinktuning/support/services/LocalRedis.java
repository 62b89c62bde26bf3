package dev.flinktuning.support.services;

import java.io.IOException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * A real Redis server for the course: the Redis binary shipped in the {@code embedded-redis} jar
 * (Redis 6.2), started as a child process on 127.0.0.1, with persistence off. {@link #close()}
 * stops it, and a shutdown hook stops it if the JVM ends first.
 *
 * <p>Or an external Redis, given by URL ({@link #external(String)}), for platforms the jar has no
 * binary for: then {@link #close()} leaves it running.
 */
public final class LocalRedis implements AutoCloseable {

  private final String host;
  private final int port;
  private final RedisServer server;

  private LocalRedis(String host, int port, RedisServer server) {
    this.host = host;
    this.port = port;
    this.server = server;
  }

  /**
   * Starts Redis on a free port of 127.0.0.1.
   *
   * @throws IllegalStateException when the bundled binary cannot run here; the message says how to
   *     use a Redis of your own instead
   */
  public static LocalRedis start() {
    return start(0);
  }

  /**
   * Starts Redis on port {@code fixedPort} of 127.0.0.1 (0: a free one).
   *
   * @throws IllegalStateException when the bundled binary cannot run here; the message says how to
   *     use a Redis of your own instead
   */
  public static LocalRedis start(int fixedPort) {
    int port = fixedPort == 0 ? LoopbackPorts.free() : fixedPort;
    RedisServer server;
    try {
      server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .onShutdownForceStop(true)
              .build();
      server.start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Could not start the Redis server bundled with the course on 127.0.0.1:"
              + port
              + " ("
              + e
              + "). On Linux the bundled binary needs OpenSSL 3 (Debian 12, Ubuntu 22.04 or newer);"
              + " on an Apple Silicon Mac it needs 'brew install openssl@3'. Or start a Redis of"
              + " your own and pass it: -Dcourse.redis=127.0.0.1:6379",
          e);
    }
    LocalRedis redis = new LocalRedis("127.0.0.1", port, server);
    redis.ping();
    String version = redis.version();
    if (version.matches("[0-5]\\..*")) {
      redis.close();
      throw new IllegalStateException(
          "The Redis bundled for this platform is version "
              + version
              + " (on Windows it is a Redis 5 port); the course reads counters that Redis 6 added."
              + " Start a Redis 6 or newer of your own (on Windows, in WSL) and pass it:"
              + " -Dcourse.redis=127.0.0.1:6379");
    }
    return redis;
  }

  /** The server's version, as {@code INFO server} reports it. */
  public String version() {
    try (Jedis jedis = new Jedis(host, port)) {
      for (String line : jedis.info("server").split("\r?\n")) {
        if (line.startsWith("redis_version:")) {
          return line.substring("redis_version:".length()).trim();
        }
      }
    }
    return "unknown";
  }

  /**
   * A Redis that is already running, at {@code HOST:PORT} (or {@code redis://HOST:PORT}); close()
   * leaves it running.
   */
  public static LocalRedis external(String address) {
    RedisAddress at = RedisAddress.parse(address);
    LocalRedis redis = new LocalRedis(at.host(), at.port(), null);
    redis.ping();
    return redis;
  }

  /**
   * The Redis named by the system property {@code course.redis} ({@code HOST:PORT}), or a new one
   * started here when it is not set.
   */
  public static LocalRedis fromSystemProperty() {
    String external = System.getProperty("course.redis", "").trim();
    return external.isEmpty() ? start() : external(external);
  }

  /**
   * Whether {@code course.redis} names a Redis of your own, so {@link #fromSystemProperty} starts
   * none.
   */
  public static boolean givenBySystemProperty() {
    return !System.getProperty("course.redis", "").isBlank();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code HOST:PORT}, as {@code -Dcourse.redis} and {@code --redis} take it. */
  public String address() {
    return host + ":" + port;
  }

  /** A pooled client; close it after use. */
  public RedisClient client() {
    return RedisClient.create(host, port);
  }

  /** Deletes every key and zeroes the server's counters, so a run starts from a clean server. */
  public void reset() {
    try (Jedis jedis = new Jedis(host, port)) {
      jedis.flushAll();
      jedis.configResetStat();
    }
  }

  /** The server's own counters since the last {@link #reset()}. */
  public RedisStats stats() {
    try (Jedis jedis = new Jedis(host, port)) {
      return RedisStats.parse(jedis.info("stats"));
    }
  }

  @Override
  public void close() {
    if (server != null) {
      try {
        server.stop();
      } catch (IOException e) {
        throw new IllegalStateException("Could not stop Redis on port " + port, e);
      }
    }
  }

  private void ping() {
    try (Jedis jedis = new Jedis(host, port)) {
      jedis.ping();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "No Redis answers at " + address() + " (" + e + "). Is it running?", e);
    }
  }
}
