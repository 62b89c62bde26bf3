package dev.flinktuning.support.launcher;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What {@code ./mvnw ... exec:exec -Dstarter=NAME} runs: it finds the chapter's starter by name,
 * says which one it runs and which others the chapter has, and runs its {@code main()}. A name that
 * is not a starter of the chapter gets the list of those that are, and a {@link
 * StarterArgumentException} from the starter gets its message alone, without a stack trace; both
 * end the program with {@link #USAGE_EXIT_CODE}.
 *
 * <p>The build counts that exit code as done (the message says what to do; Maven's own error would
 * only bury it). A script that needs the code, such as {@code ./demo}, passes {@code
 * -Dcourse.status.file=FILE}: the code is written there (and, since such a script names the starter
 * itself, the line about the chapter's other starters is left out).
 *
 * <p>Arguments: the starter's fully qualified class name, then the starter's own arguments.
 */
public final class StarterMain {

  /** The program's exit code when its command line was wrong and it has said why. */
  public static final int USAGE_EXIT_CODE = 2;

  /** System property: a file to write {@link #USAGE_EXIT_CODE} into, for scripts. */
  public static final String STATUS_FILE_PROPERTY = "course.status.file";

  private StarterMain() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      fail("StarterMain needs the starter's class name (set by the chapter's pom.xml).");
    }
    String className = args[0];
    String[] starterArgs = Arrays.copyOfRange(args, 1, args.length);
    int dot = className.lastIndexOf('.');
    String packageName = dot < 0 ? "" : className.substring(0, dot);
    String name = className.substring(dot + 1);
    List<String> starters = startersIn(packageName);

    Method main = mainOf(className);
    if (main == null) {
      fail(unknown(name, packageName, starters));
    }
    List<String> others = new ArrayList<>(starters);
    others.remove(name);
    if (System.getProperty(STATUS_FILE_PROPERTY, "").isBlank()) {
      // A learner's ./mvnw ... exec:exec, with or without -Dstarter; a script names its own.
      System.out.println(
          "Starter "
              + name
              + (others.isEmpty()
                  ? "."
                  : ". Other starters of this chapter: "
                      + String.join(", ", others)
                      + " (choose one with -Dstarter=NAME)."));
    }
    try {
      main.invoke(null, (Object) starterArgs);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StarterArgumentException) {
        fail(cause.getMessage());
      }
      throw cause;
    }
  }

  /** What to say for a name that is not a starter of the chapter. */
  static String unknown(String name, String packageName, List<String> starters) {
    StringBuilder message = new StringBuilder();
    message.append(String.format("No starter '%s' in this chapter.%n", name));
    if (starters.isEmpty()) {
      message.append(
          String.format(
              "  Found no starters in %s: has the chapter been compiled (add compile before"
                  + " exec:exec)?",
              packageName.isEmpty() ? "the default package" : packageName));
      return message.toString();
    }
    starters.stream()
        .filter(s -> s.equalsIgnoreCase(name))
        .findFirst()
        .ifPresent(s -> message.append(String.format("  Did you mean %s?%n", s)));
    message.append(String.format("  The chapter's starters: %s%n", String.join(", ", starters)));
    message.append(
        String.format("  Run one with -Dstarter=NAME, e.g. -Dstarter=%s", starters.get(0)));
    return message.toString();
  }

  /** The class's {@code public static void main(String[])}, or null if there is none. */
  private static Method mainOf(String className) {
    try {
      Class<?> type = Class.forName(className, false, StarterMain.class.getClassLoader());
      return mainMethodOf(type);
    } catch (ClassNotFoundException | LinkageError notThere) {
      return null;
    }
  }

  private static Method mainMethodOf(Class<?> type) {
    try {
      Method main = type.getMethod("main", String[].class);
      if (!Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
        return null;
      }
      main.setAccessible(true);
      return main;
    } catch (NoSuchMethodException notAProgram) {
      return null;
    }
  }

  /** The simple names of the classes with a {@code main()} in this package, from class folders. */
  static List<String> startersIn(String packageName) throws IOException {
    TreeSet<String> starters = new TreeSet<>();
    String path = packageName.replace('.', '/');
    for (URL url : Collections.list(StarterMain.class.getClassLoader().getResources(path))) {
      if (!url.getProtocol().equals("file")) {
        continue;
      }
      Path dir;
      try {
        dir = Path.of(url.toURI());
      } catch (URISyntaxException | IllegalArgumentException notAFolder) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          String fileName = file.getFileName().toString();
          if (!fileName.endsWith(".class") || fileName.contains("$")) {
            continue;
          }
          String simple = fileName.substring(0, fileName.length() - ".class".length());
          String qualified = packageName.isEmpty() ? simple : packageName + "." + simple;
          if (mainOf(qualified) != null) {
            starters.add(simple);
          }
        }
      }
    }
    return new ArrayList<>(starters);
  }

  /** Prints the message alone, records the exit code for scripts, and ends the program. */
  static void fail(String message) {
    System.err.println(message);
    String statusFile = System.getProperty(STATUS_FILE_PROPERTY, "");
    if (!statusFile.isBlank()) {
      try {
        Files.writeString(
            Path.of(statusFile), String.valueOf(USAGE_EXIT_CODE), StandardCharsets.UTF_8);
      } catch (IOException e) {
        System.err.println("(Could not write " + statusFile + ": " + e.getMessage() + ")");
      }
    }
    System.exit(USAGE_EXIT_CODE);
  }
}
