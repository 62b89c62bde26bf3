package dev.flinktuning.support.services;

/**
 * Counters from Redis's {@code INFO stats}, as the server counts them.
 *
 * @param commands commands the server ran ({@code total_commands_processed})
 * @param roundTrips times the server read requests from a client socket ({@code
 *     total_reads_processed}): one per request-and-reply for a client that waits for each reply,
 *     one per batch for a client that pipelines
 */
public record RedisStats(long commands, long roundTrips) {

  static RedisStats parse(String info) {
    return new RedisStats(
        field(info, "total_commands_processed"), field(info, "total_reads_processed"));
  }

  private static long field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return Long.parseLong(line.substring(name.length() + 1).trim());
      }
    }
    throw new IllegalStateException(
        "Redis did not report " + name + " in INFO stats; the course needs Redis 6 or newer");
  }
}
