package dev.flinktuning.support.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every message bundle of the course (the grading kit's, each chapter's beside its tests) says the
 * same things in both languages: the same keys, each with the same placeholders.
 */
@DisplayName("Message bundles: every text in English and in Chinese")
class MessageBundlesTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+\\}");

  @Test
  @DisplayName("each key is in both languages, with the same placeholders; files are UTF-8")
  void sameKeysAndPlaceholders() throws IOException {
    List<Path> english = englishBundles(courseRoot());
    assertThat(english)
        .as("the grading kit's bundle, at least")
        .anyMatch(p -> p.toString().contains("course-support"));
    List<String> problems = new ArrayList<>();
    for (Path en : english) {
      Path zh = en.resolveSibling("messages_zh.properties");
      if (!Files.exists(zh)) {
        problems.add(en + ": no messages_zh.properties beside it");
        continue;
      }
      Properties enTexts = load(en, problems);
      Properties zhTexts = load(zh, problems);
      for (String key : enTexts.stringPropertyNames()) {
        if (!zhTexts.containsKey(key)) {
          problems.add(zh + ": no key " + key);
        } else if (!placeholders(enTexts.getProperty(key))
            .equals(placeholders(zhTexts.getProperty(key)))) {
          problems.add(
              zh
                  + ": key "
                  + key
                  + " has placeholders "
                  + placeholders(zhTexts.getProperty(key))
                  + ", the English "
                  + placeholders(enTexts.getProperty(key)));
        }
      }
      for (String key : zhTexts.stringPropertyNames()) {
        // A check's Chinese name translates its @DisplayName: its English is in the code.
        if (!enTexts.containsKey(key) && !key.startsWith("displayName.")) {
          problems.add(en + ": no key " + key + " (the Chinese file has it)");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @DisplayName(
      "placeholders are compared as sets: order and repeats may differ, a missing one may not")
  void catchesDifferences() {
    assertThat(placeholders("{0} of {1}")).isNotEqualTo(placeholders("{1} 中的 {0} {2}"));
    assertThat(placeholders("{0} of {1}, {1}")).isEqualTo(placeholders("{1} 中有 {0}"));
  }

  private static Set<String> placeholders(String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  private static Properties load(Path file, List<String> problems) throws IOException {
    Properties texts = new Properties();
    try (Reader reader =
        new java.io.InputStreamReader(
            Files.newInputStream(file),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT))) {
      texts.load(reader);
    } catch (CharacterCodingException notUtf8) {
      problems.add(file + ": not UTF-8");
    }
    return texts;
  }

  /** Every messages.properties under a module's src folder. */
  private static List<Path> englishBundles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().equals("messages.properties"))
          .filter(p -> root.relativize(p).toString().contains("src"))
          .filter(p -> !root.relativize(p).toString().contains("target"))
          .filter(p -> !root.relativize(p).startsWith(".git"))
          .sorted()
          .toList();
    }
  }

  private static Path courseRoot() {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("mvnw"))) {
      root = root.getParent();
    }
    return root;
  }
}
