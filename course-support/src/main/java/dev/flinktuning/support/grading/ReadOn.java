package dev.flinktuning.support.grading;

import dev.flinktuning.support.docs.ReadmeTwins;
import dev.flinktuning.support.i18n.Texts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a failing check sends the learner: a chapter README and a section of it, in the learner's
 * language. In English: {@code module-02-metrics/README.md, section "Exercise 3: Async I/O"}. In
 * Chinese ({@link Texts#chinese()}): the Chinese twin, {@code README.zh-CN.md}, and its heading for
 * that section, read from the file at run time through the English heading's anchor ({@link
 * ReadmeTwins#chineseHeading}), so no section title is written twice. When the twin or its heading
 * cannot be found, the English pointer is given: a check never fails for its pointer.
 */
public final class ReadOn {

  private static final Texts TEXTS = Texts.of(ReadOn.class);

  private ReadOn() {}

  /**
   * The pointer, as the "Read on:" line of a failure message shows it.
   *
   * @param file the English README, relative to the course's folder ("module-02-metrics/README.md")
   * @param section its section's heading, or the heading's beginning
   */
  public static String pointer(String file, String section) {
    if (Texts.chinese() && file.endsWith(ReadmeTwins.ENGLISH)) {
      Optional<String> heading = chineseHeading(file, section);
      if (heading.isPresent()) {
        String chineseFile =
            file.substring(0, file.length() - ReadmeTwins.ENGLISH.length()) + ReadmeTwins.CHINESE;
        return TEXTS.get("readOn.section", chineseFile, heading.get());
      }
    }
    return TEXTS.english("readOn.section", file, section);
  }

  private static Optional<String> chineseHeading(String file, String section) {
    try {
      Optional<Path> root = courseRoot();
      return root.isEmpty()
          ? Optional.empty()
          : ReadmeTwins.chineseHeading(root.get().resolve(file), section);
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /** The course's folder: the nearest folder, from the working one up, that holds {@code mvnw}. */
  static Optional<Path> courseRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return Optional.ofNullable(dir);
  }
}
