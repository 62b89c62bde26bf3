package dev.flinktuning.support.services;

/**
 * Where a Redis listens, as every command of the course takes it: {@code HOST:PORT}, the same form
 * as Kafka's {@code --kafka}. A {@code redis://} in front, as Redis clients write it, is accepted
 * too.
 *
 * @param host a host name or an IPv4 address
 * @param port the TCP port
 */
public record RedisAddress(String host, int port) {

  private static final String SCHEME = "redis://";

  /** The form to show a user: {@code HOST:PORT}. */
  public static final String FORM = "HOST:PORT, such as 127.0.0.1:6379";

  /**
   * Reads {@code HOST:PORT} or {@code redis://HOST:PORT}.
   *
   * @throws IllegalArgumentException with the expected form, when the text is neither
   */
  public static RedisAddress parse(String text) {
    String address = text.strip();
    if (address.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      address = address.substring(SCHEME.length());
    }
    if (address.endsWith("/")) {
      address = address.substring(0, address.length() - 1);
    }
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1 || address.contains("/")) {
      throw new IllegalArgumentException("A Redis address is " + FORM + ", not '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "A Redis address is " + FORM + ", not '" + text + "': the port is not a number");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(
          "A Redis address is " + FORM + ", not '" + text + "': no port " + port);
    }
    return new RedisAddress(address.substring(0, colon), port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
