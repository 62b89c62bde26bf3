package dev.flinktuning.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command in a child process (a JVM) and returns its exit code and output. The child never
 * outlives the call: it is destroyed in {@code finally}, and by a shutdown hook should the test JVM
 * itself be stopped meanwhile.
 */
final class ChildJvm {

  /** What the child did: its exit code and its output, standard error included. */
  record Result(int exitCode, String output) {

    /** The first line of output that reads like an error; else the first line. */
    String firstErrorLine() {
      List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      for (String line : lines) {
        String lower = line.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("unrecognized")
            || lower.contains("error")
            || lower.contains("invalid")
            || lower.contains("must be")) {
          return line;
        }
      }
      return lines.isEmpty() ? "(no output)" : lines.get(0);
    }
  }

  private ChildJvm() {}

  static Result run(List<String> command, int timeoutSeconds) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reaper = new Thread(process::destroyForcibly, "child-jvm-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "The child JVM did not end within " + timeoutSeconds + " s: " + command);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a child JVM", e);
    } finally {
      process.destroyForcibly();
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }
}
