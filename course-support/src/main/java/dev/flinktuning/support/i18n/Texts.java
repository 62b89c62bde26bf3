package dev.flinktuning.support.i18n;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The texts a learner reads in a graded check's verdict, in the learner's language: English, or
 * Simplified Chinese with {@code -Dcourse.lang=zh} (or, without {@code course.lang}, on a JVM whose
 * default locale is Chinese).
 *
 * <p>Texts live in resource bundles next to the code that prints them: {@code messages.properties}
 * (English, the base bundle) and {@code messages_zh.properties} (Simplified Chinese) in the package
 * of the class passed to {@link #of}. The grading kit's are in {@code
 * dev/flinktuning/support/grading/}, a chapter's beside its tests ({@code
 * src/test/resources/<package>/}). Both files are UTF-8. A test in {@code course-support} checks
 * that every key is in both languages, with the same placeholders.
 *
 * <p>Placeholders are {@code {0}}, {@code {1}} ... and nothing else: no {@link
 * java.text.MessageFormat} (an apostrophe is an apostrophe, and numbers are formatted once, by the
 * code, so {@code 10,471} and {@code 2.3×} read the same in both languages). {@code \n} in a text
 * is the platform's line separator, as {@code %n} was.
 *
 * <p>The language is picked once per JVM ({@link #chinese()}). The integrity run ({@code
 * course.integrity=true}) is always in English: the mutants' expected messages are English.
 */
public final class Texts {

  /** System property choosing the language: {@code zh} (Simplified Chinese) or {@code en}. */
  public static final String LANG_PROPERTY = "course.lang";

  private static final String INTEGRITY_PROPERTY = "course.integrity";

  private static volatile Boolean chinese;

  private final String baseName;
  private final ClassLoader loader;

  private Texts(String baseName, ClassLoader loader) {
    this.baseName = baseName;
    this.loader = loader;
  }

  /** The texts in {@code messages*.properties} of {@code owner}'s package. */
  public static Texts of(Class<?> owner) {
    return new Texts(owner.getPackageName() + ".messages", owner.getClassLoader());
  }

  /**
   * Whether texts are in Simplified Chinese: {@code course.lang} starts with {@code zh}, or it is
   * not set (or blank) and the JVM's default locale is Chinese. Never in the integrity run.
   */
  public static boolean chinese() {
    Boolean choice = chinese;
    if (choice == null) {
      choice = pick();
      chinese = choice;
    }
    return choice;
  }

  /** Forgets the language picked, so the next text reads {@code course.lang} again; for tests. */
  public static void reset() {
    chinese = null;
  }

  private static boolean pick() {
    if (Boolean.getBoolean(INTEGRITY_PROPERTY)) {
      return false;
    }
    String lang = System.getProperty(LANG_PROPERTY, "").strip().toLowerCase(Locale.ROOT);
    if (lang.isEmpty()) {
      return Locale.getDefault().getLanguage().equals("zh");
    }
    return lang.startsWith("zh");
  }

  /** The text for {@code key} in the learner's language, its {@code {n}} replaced by args[n]. */
  public String get(String key, Object... args) {
    return fill(pattern(key, chinese()), args);
  }

  /** The text for {@code key} in English, whatever the learner's language. */
  public String english(String key, Object... args) {
    return fill(pattern(key, false), args);
  }

  /** The text for {@code key} in the learner's language if there is one, else null. */
  public String find(String key, Object... args) {
    try {
      return get(key, args);
    } catch (MissingResourceException missing) {
      return null;
    }
  }

  private String pattern(String key, boolean inChinese) {
    ResourceBundle bundle =
        ResourceBundle.getBundle(
            baseName,
            inChinese ? Locale.CHINESE : Locale.ROOT,
            loader,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    return bundle.getString(key);
  }

  /** Replaces {@code {0}}, {@code {1}} ... with the arguments, and {@code \n} with line breaks. */
  static String fill(String pattern, Object... args) {
    StringBuilder text = new StringBuilder(pattern.length() + 64);
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '{') {
        int close = pattern.indexOf('}', i);
        if (close > i + 1 && pattern.substring(i + 1, close).chars().allMatch(Character::isDigit)) {
          int index = Integer.parseInt(pattern.substring(i + 1, close));
          if (index < args.length) {
            text.append(args[index]);
            i = close + 1;
            continue;
          }
        }
      }
      if (c == '\n') {
        text.append(System.lineSeparator());
      } else {
        text.append(c);
      }
      i++;
    }
    return text.toString();
  }
}
