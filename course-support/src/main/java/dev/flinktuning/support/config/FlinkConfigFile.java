package dev.flinktuning.support.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Reads a job's configuration from a file in {@code src/main/resources}: one {@code key: value} per
 * line, with the keys of Flink 2.2's own {@code config.yaml} (the flat form); lines that start with
 * {@code #} are comments. Every key must be one Flink 2.2 knows: a misspelt key, or one from Flink
 * 1.x that 2.x renamed or removed, is refused with the key to use instead, because Flink itself
 * would ignore it silently and the job would run without the setting.
 *
 * <pre>{@code
 * # balances.yaml
 * state.backend.type: rocksdb
 * execution.checkpointing.incremental: true
 * }</pre>
 *
 * <p>In production the same lines go into the cluster's {@code config.yaml}, or on the command
 * line: {@code flink run -Dexecution.checkpointing.incremental=true ...}.
 */
public final class FlinkConfigFile {

  /** Option classes whose keys a course job may set. */
  private static final List<Class<?>> OPTION_CLASSES =
      List.of(
          CheckpointingOptions.class,
          StateBackendOptions.class,
          StateRecoveryOptions.class,
          NettyShuffleEnvironmentOptions.class,
          RestartStrategyOptions.class,
          ExecutionOptions.class,
          PipelineOptions.class,
          CoreOptions.class,
          TaskManagerOptions.class);

  /**
   * Keys of Flink 1.x (or of tutorials about it) that 2.2 does not know, and what replaced them.
   */
  private static final Map<String, String> RENAMED =
      Map.of(
          "state.backend.rocksdb.incremental", "execution.checkpointing.incremental",
          "state.backend", "state.backend.type",
          "execution.checkpointing.unaligned", "execution.checkpointing.unaligned.enabled",
          "state.backend.async",
              "nothing: snapshots are always asynchronous in Flink 2.x; delete the line",
          "execution.checkpointing.externalized-checkpoint-cleanup",
              "execution.checkpointing.externalized-checkpoint-retention");

  private static final Map<String, String> KNOWN = knownKeys();

  private FlinkConfigFile() {}

  /**
   * Loads {@code resource}, a file in {@code src/main/resources} of the module of {@code owner}.
   *
   * @throws IllegalArgumentException naming the file, the line and what to write instead, if a line
   *     is not {@code key: value} or its key is not a Flink 2.2 key
   */
  public static Configuration fromResource(Class<?> owner, String resource) {
    InputStream in = owner.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalArgumentException(
          "No file "
              + resource
              + " in src/main/resources. The job reads its configuration from there; restore it"
              + " with git checkout if it was deleted.");
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
        String problem = problemWithKey(key);
        if (problem != null) {
          throw badLine(resource, number, line, problem);
        }
        entries.put(key, value);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not read " + resource, e);
    }
    return Configuration.fromMap(entries);
  }

  /** Why {@code key} is not a Flink 2.2 key, with the one to use; {@code null} if it is one. */
  static String problemWithKey(String key) {
    String current = KNOWN.get(key);
    if (current != null && current.equals(key)) {
      return null;
    }
    if (current != null) {
      return "'" + key + "' is an old name; Flink 2.2 calls it '" + current + "'";
    }
    String renamed = RENAMED.get(key);
    if (renamed != null) {
      return "'" + key + "' is not a Flink 2.2 key; use " + quoteIfKey(renamed);
    }
    String closest = closest(key);
    return "'"
        + key
        + "' is not a key Flink 2.2 knows, so Flink would ignore it"
        + (closest == null ? "" : "; did you mean '" + closest + "'?");
  }

  private static String quoteIfKey(String text) {
    return text.contains(" ") ? text : "'" + text + "'";
  }

  /** Every current key, to itself, and every deprecated or fallback key, to its current one. */
  private static Map<String, String> knownKeys() {
    Map<String, String> known = new HashMap<>();
    for (Class<?> options : OPTION_CLASSES) {
      for (Field field : options.getFields()) {
        if (!Modifier.isStatic(field.getModifiers())
            || !ConfigOption.class.isAssignableFrom(field.getType())) {
          continue;
        }
        ConfigOption<?> option;
        try {
          option = (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
          continue;
        }
        if (field.isAnnotationPresent(Deprecated.class)) {
          continue;
        }
        known.put(option.key(), option.key());
        for (FallbackKey fallback : option.fallbackKeys()) {
          known.putIfAbsent(fallback.getKey(), option.key());
        }
      }
    }
    return Map.copyOf(known);
  }

  /** The known key nearest to {@code key} by edit distance, if it is near enough to be a typo. */
  private static String closest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Map.Entry<String, String> entry : KNOWN.entrySet()) {
      if (!entry.getKey().equals(entry.getValue())) {
        continue;
      }
      int distance = distance(key, entry.getKey());
      if (distance < bestDistance) {
        bestDistance = distance;
        best = entry.getKey();
      }
    }
    return bestDistance <= Math.max(3, key.length() / 4) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
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
