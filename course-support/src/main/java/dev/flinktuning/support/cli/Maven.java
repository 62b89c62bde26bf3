package dev.flinktuning.support.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The course's Maven Wrapper, as a command line to start. */
final class Maven {

  private Maven() {}

  /** {@code ./mvnw} (or {@code mvnw.cmd} on Windows) followed by {@code args}. */
  static List<String> command(Path root, String... args) {
    List<String> command = new ArrayList<>();
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      command.add("cmd.exe");
      command.add("/c");
      command.add(root.resolve("mvnw.cmd").toString());
    } else {
      command.add(root.resolve("mvnw").toString());
    }
    command.addAll(List.of(args));
    return command;
  }
}
