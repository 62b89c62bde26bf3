package dev.flinktuning.support.launcher;

/**
 * A starter's command line is wrong: its message says what was wrong and what is valid. Thrown from
 * a starter's {@code main()}, {@link StarterMain} prints the message alone, without a stack trace,
 * and ends the program with {@link StarterMain#USAGE_EXIT_CODE}.
 */
public class StarterArgumentException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public StarterArgumentException(String message) {
    super(message);
  }
}
