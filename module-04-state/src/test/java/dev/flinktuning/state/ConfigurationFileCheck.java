package dev.flinktuning.state;

import dev.flinktuning.support.grading.ReadOn;
import dev.flinktuning.support.grading.WrongRouteError;
import dev.flinktuning.support.i18n.Texts;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * A defence for exercise 3: a job's configuration file must choose the state backend itself, and
 * every state or checkpointing key in it must be one that Flink knows. Flink ignores a key it does
 * not know without a word, so a misspelt key, or one from an old blog post, leaves the job on
 * whatever backend the cluster happens to default to.
 */
final class ConfigurationFileCheck {

  /** Where Flink 2.2 declares the options of state, state backends and checkpointing. */
  private static final String[] OPTION_CLASSES = {
    "org.apache.flink.configuration.StateBackendOptions",
    "org.apache.flink.configuration.CheckpointingOptions",
    "org.apache.flink.configuration.StateRecoveryOptions",
    "org.apache.flink.configuration.StateChangelogOptions",
    "org.apache.flink.configuration.StateLatencyTrackOptions",
    "org.apache.flink.configuration.StateSizeEstimateOptions",
    "org.apache.flink.configuration.ExecutionOptions",
    "org.apache.flink.state.rocksdb.RocksDBOptions",
    "org.apache.flink.state.rocksdb.RocksDBConfigurableOptions",
    "org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions",
  };

  /** The keys this check judges: the exercise's subject. Other keys are left alone. */
  private static final String[] JUDGED_PREFIXES = {"state.", "execution.checkpointing."};

  private static final Texts TEXTS = Texts.of(ConfigurationFileCheck.class);

  private ConfigurationFileCheck() {}

  /**
   * @throws WrongRouteError if {@code config}, read from {@code file}, has a state or checkpointing
   *     key Flink does not know, or does not set {@code state.backend.type}
   */
  static void assertChoosesABackend(String file, Configuration config) {
    Set<String> known = knownKeys();
    List<String> unknown = new ArrayList<>();
    for (String key : config.keySet()) {
      boolean judged = false;
      for (String prefix : JUDGED_PREFIXES) {
        judged |= key.startsWith(prefix);
      }
      if (judged && !known.contains(key)) {
        unknown.add(key);
      }
    }
    String readOn =
        ReadOn.pointer("module-04-state/README.md", "Exercise 3: choosing the state backend");
    if (!unknown.isEmpty()) {
      throw new WrongRouteError(
          TEXTS.get("config.unknownKey", file, String.join(", ", unknown), readOn));
    }
    if (config.getOptional(StateBackendOptions.STATE_BACKEND).isEmpty()) {
      throw new WrongRouteError(
          TEXTS.get("config.noBackend", file, StateBackendOptions.STATE_BACKEND.key(), readOn));
    }
  }

  /** Every key, and every deprecated or fallback key, of the options in {@link #OPTION_CLASSES}. */
  static Set<String> knownKeys() {
    Set<String> keys = new HashSet<>();
    for (String className : OPTION_CLASSES) {
      Class<?> options;
      try {
        options = Class.forName(className);
      } catch (ClassNotFoundException notInThisVersion) {
        continue;
      }
      for (Field field : options.getFields()) {
        if (!Modifier.isStatic(field.getModifiers())
            || !ConfigOption.class.isAssignableFrom(field.getType())) {
          continue;
        }
        try {
          ConfigOption<?> option = (ConfigOption<?>) field.get(null);
          keys.add(option.key());
          for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("Cannot read " + className + "." + field.getName(), e);
        }
      }
    }
    return keys;
  }
}
