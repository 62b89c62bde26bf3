package dev.flinktuning.support.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exercise's hints, read from its chapter README's {@code <details>} blocks whose summary starts
 * with "Hint" (the one source of the hints, no copies), and which of them the learner has seen,
 * kept in {@code .course/hints.properties} (ignored by git).
 *
 * <p>The hints of exercise {@code C.X} are those in the README's section "## Exercise X: ..." (for
 * {@code 4.3a}, without a section of its own, "## Exercise 3: ..."), up to the next "## " heading;
 * a chapter without exercise sections (the case study) has all of its README's hints, each under
 * the "### " heading it belongs to.
 */
final class Hints {

  /** One hint: its summary line ("Hint 2: the oracle"), the heading it is under, its text. */
  record Hint(String summary, String heading, String text) {}

  private static final Pattern DETAILS =
      Pattern.compile(
          "<details>\\s*<summary>\\s*(Hint[^<]*)</summary>(.*?)</details>", Pattern.DOTALL);
  private static final Pattern HEADING = Pattern.compile("(?m)^(#{2,3}) (.+)$");

  private Hints() {}

  /** The hints of exercise number {@code number} ("1", "1a"; "" for the whole README). */
  static List<Hint> in(String readme, String number) {
    String section = section(readme, number);
    List<Hint> hints = new ArrayList<>();
    Matcher details = DETAILS.matcher(section);
    while (details.find()) {
      hints.add(
          new Hint(
              details.group(1).strip(),
              headingBefore(section, details.start()),
              details.group(2).strip()));
    }
    return hints;
  }

  /** The README's text of "## Exercise N..." up to the next "## "; the whole README for "". */
  static String section(String readme, String number) {
    if (number.isEmpty()) {
      return readme;
    }
    for (String candidate : new String[] {number, number.replaceAll("[a-z]+$", "")}) {
      Matcher start =
          Pattern.compile("(?m)^## Exercise " + Pattern.quote(candidate) + "\\b").matcher(readme);
      if (start.find()) {
        Matcher end = Pattern.compile("(?m)^## ").matcher(readme);
        int to = end.find(start.end()) ? end.start() : readme.length();
        return readme.substring(start.start(), to);
      }
    }
    return "";
  }

  private static String headingBefore(String text, int position) {
    String heading = "";
    Matcher m = HEADING.matcher(text);
    while (m.find() && m.start() < position) {
      heading = m.group(2).strip();
    }
    return heading;
  }

  /** How many hints of each exercise the learner has seen, in {@code .course/hints.properties}. */
  static final class Seen {

    private final Path file;
    private final Properties counts = new Properties();

    Seen(Path root) {
      this.file = root.resolve(".course").resolve("hints.properties");
      if (Files.isRegularFile(file)) {
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          counts.load(in);
        } catch (IOException e) {
          // Unreadable: start again from the first hint.
        }
      }
    }

    int count(String exercise) {
      try {
        return Math.max(0, Integer.parseInt(counts.getProperty(exercise, "0")));
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    void set(String exercise, int count) {
      counts.setProperty(exercise, String.valueOf(count));
      try {
        Files.createDirectories(file.getParent());
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          counts.store(out, "Hints shown by the course command, per exercise");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not write " + file, e);
      }
    }
  }
}
