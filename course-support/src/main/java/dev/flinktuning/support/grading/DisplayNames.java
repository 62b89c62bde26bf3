package dev.flinktuning.support.grading;

import dev.flinktuning.support.i18n.Texts;

/**
 * A graded check's name, as its {@code [graded]} line shows it, in the learner's language. The
 * English name is the test's {@code @DisplayName}, the one source of the English; the Chinese one
 * is in the chapter's {@code messages_zh.properties} beside its tests, under {@code
 * displayName.<TestClass>} (the class) and {@code displayName.<TestClass>.<method>} (the check).
 * Without a Chinese name, the English one is shown.
 */
final class DisplayNames {

  static final String PREFIX = "displayName.";

  private DisplayNames() {}

  /**
   * @param testClass the test class, or null if unknown
   * @param method the test method's name, or null for the class's own name
   * @param english the name JUnit gives it (its {@code @DisplayName})
   */
  static String of(Class<?> testClass, String method, String english) {
    if (testClass == null || !Texts.chinese()) {
      return english;
    }
    String key = PREFIX + testClass.getSimpleName() + (method == null ? "" : "." + method);
    String chinese = Texts.of(testClass).find(key);
    return chinese == null ? english : chinese;
  }

  /** The class named {@code className}, or null when it cannot be loaded. */
  static Class<?> load(String className) {
    try {
      return Class.forName(className, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError unknown) {
      return null;
    }
  }
}
