package dev.flinktuning.support.cli;

import dev.flinktuning.support.classroom.ClassroomWorkflow.Check;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The latest verdict of each graded check, read from the surefire reports of the learner's last
 * chapter check ({@code module-NN/target/surefire-reports/TEST-<class>.xml}; the reference's runs,
 * {@code -Psolution}, write theirs under {@code target/solution/} and do not count). A report names
 * each test by its display name, as the course's surefire configuration asks.
 */
final class Verdicts {

  /** What the last run said about one graded check. */
  enum Verdict {
    PASS("done"),
    FAIL("not done"),
    NOT_TRIED("not tried");

    final String label;

    Verdict(String label) {
      this.label = label;
    }
  }

  private final Path root;
  private final Map<String, Map<String, Verdict>> byReport = new HashMap<>();

  Verdicts(Path root) {
    this.root = root;
  }

  /** The check's verdict in its class's latest report; {@link Verdict#NOT_TRIED} without one. */
  Verdict of(Check check) {
    Map<String, Verdict> verdicts =
        byReport.computeIfAbsent(check.module() + "/" + check.testClass(), key -> read(check));
    // A check without a @DisplayName is reported by its method's name.
    return verdicts.getOrDefault(
        check.name(), verdicts.getOrDefault(check.name() + "()", Verdict.NOT_TRIED));
  }

  private Map<String, Verdict> read(Check check) {
    Path reports = root.resolve(check.module()).resolve("target/surefire-reports");
    Map<String, Verdict> verdicts = new HashMap<>();
    if (!Files.isDirectory(reports)) {
      return verdicts;
    }
    try (var files = Files.list(reports)) {
      for (Path report :
          files
              .filter(
                  p -> {
                    String name = p.getFileName().toString();
                    return name.startsWith("TEST-")
                        && name.endsWith("." + check.testClass() + ".xml");
                  })
              .toList()) {
        verdicts.putAll(parse(report));
      }
    } catch (IOException e) {
      return verdicts;
    }
    return verdicts;
  }

  /** Test name to verdict, from one surefire XML report; empty when it cannot be read. */
  static Map<String, Verdict> parse(Path report) {
    Map<String, Verdict> verdicts = new HashMap<>();
    try (InputStream in = Files.newInputStream(report)) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(in);
      NodeList cases = document.getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        Element testCase = (Element) cases.item(i);
        String name = testCase.getAttribute("name");
        Verdict verdict;
        if (has(testCase, "skipped")) {
          verdict = Verdict.NOT_TRIED;
        } else if (has(testCase, "failure")
            || has(testCase, "error")
            || has(testCase, "flakyFailure")
            || has(testCase, "flakyError")) {
          verdict = Verdict.FAIL;
        } else {
          verdict = Verdict.PASS;
        }
        verdicts.put(name, verdict);
      }
    } catch (Exception e) {
      // A report cut short by an interrupted run: as if the checks had not run.
    }
    return verdicts;
  }

  private static boolean has(Element element, String child) {
    return element.getElementsByTagName(child).getLength() > 0;
  }
}
