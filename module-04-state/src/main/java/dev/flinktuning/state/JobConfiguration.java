package dev.flinktuning.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Reads a job's configuration from a file in {@code src/main/resources}: one {@code key: value} per
 * line, with the keys Flink's own {@code config.yaml} takes (the flat form). Lines that start with
 * {@code #} are comments.
 *
 * <pre>{@code
 * # item-funnel.yaml
 * state.backend.type: rocksdb
 * }</pre>
 *
 * <p>In production the same lines go into the cluster's {@code config.yaml}, or on the command
 * line: {@code flink run -Dstate.backend.type=rocksdb ...}. The job's code does not change.
 */
public final class JobConfiguration {

  /** The state backends this course runs with; Flink 2.x also has "forst" (experimental). */
  private static final Set<String> BACKENDS = Set.of("hashmap", "rocksdb");

  private JobConfiguration() {}

  /**
   * Loads {@code resource} (a file name in {@code src/main/resources}).
   *
   * @throws IllegalArgumentException naming the file and the line, if a line is not {@code key:
   *     value} or names a state backend this course does not have
   */
  public static Configuration fromResource(String resource) {
    InputStream in = JobConfiguration.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalArgumentException(
          "No file "
              + resource
              + " in src/main/resources. Each job of exercise 3 reads its configuration from"
              + " there; restore it with git checkout if it was deleted.");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
          throw badLine(resource, number, line, "expected 'key: value'");
        }
        String key = text.substring(0, colon).strip();
        String value = unquote(text.substring(colon + 1).strip());
        if (value.isEmpty()) {
          throw badLine(resource, number, line, "the key '" + key + "' has no value");
        }
        if (key.equals(StateBackendOptions.STATE_BACKEND.key()) && !BACKENDS.contains(value)) {
          throw badLine(resource, number, line, "the state backend must be 'hashmap' or 'rocksdb'");
        }
        entries.put(key, value);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not read " + resource, e);
    }
    return Configuration.fromMap(entries);
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static IllegalArgumentException badLine(
      String resource, int number, String line, String problem) {
    return new IllegalArgumentException(
        String.format("%s, line %d: %s. The line is: %s", resource, number, problem, line.strip()));
  }
}
