package dev.flinktuning.support.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code git} in the course's folder. */
final class Git {

  private final Path root;

  Git(Path root) {
    this.root = root;
  }

  /** Runs git with these arguments; returns its standard output, or fails with its message. */
  String run(String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      Process git =
          new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(false).start();
      git.getOutputStream().close();
      byte[] out = readAll(git.getInputStream());
      byte[] err = readAll(git.getErrorStream());
      int code = git.waitFor();
      if (code != 0) {
        throw new CourseException(
            "git "
                + String.join(" ", args)
                + " failed: "
                + new String(err, StandardCharsets.UTF_8).strip().replaceAll("\\s*\\R\\s*", " "),
            1);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CourseException(
          "This needs git, and could not run it ("
              + e.getMessage()
              + "). Install git, or work in"
              + " a clone of the course rather than a zip download.",
          1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CourseException("Interrupted while git ran.", 1);
    }
  }

  /** The lines of git's output, NUL-separated with -z. */
  List<String> list(String... args) {
    List<String> lines = new ArrayList<>();
    for (String line : run(args).split("\0")) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Whether the course's folder is a git work tree. */
  boolean available() {
    try {
      return run("rev-parse", "--is-inside-work-tree").strip().equals("true");
    } catch (CourseException e) {
      return false;
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
