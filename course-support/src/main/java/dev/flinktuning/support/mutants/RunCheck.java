package dev.flinktuning.support.mutants;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one graded check in this JVM and writes how it ended to a file; the {@link MutantRunner}
 * starts one such JVM per mutant, with the mutant's classes first on the class path.
 *
 * <p>Arguments: the test class, the test method, the result file.
 */
public final class RunCheck {

  private RunCheck() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: RunCheck <test class> <test method> <result file>");
      System.exit(2);
    }
    Outcome outcome = run(args[0], args[1]);
    Properties result = new Properties();
    result.setProperty("outcome", outcome.status);
    result.setProperty("error", outcome.errorType);
    result.setProperty("message", outcome.message);
    try (OutputStream out = Files.newOutputStream(Path.of(args[2]))) {
      result.store(out, "How the graded check ended");
    }
    // Services and clusters a check left behind must not keep this JVM alive.
    System.exit(0);
  }

  private static Outcome run(String testClass, String method) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectMethod(testClass, method))
            .build();
    Outcome outcome = new Outcome();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(
        request,
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
              // The first failure wins: a failed test, or its class's set-up.
              if (outcome.status.equals("passed") || outcome.status.equals("not run")) {
                Throwable thrown = result.getThrowable().orElse(null);
                if (thrown != null) {
                  thrown.printStackTrace(System.out);
                }
                outcome.status = test.isTest() ? "failed" : "aborted";
                outcome.errorType = thrown == null ? "" : thrown.getClass().getName();
                outcome.message = thrown == null ? "" : String.valueOf(thrown.getMessage());
              }
            } else if (test.isTest() && outcome.status.equals("not run")) {
              outcome.status = "passed";
            }
          }
        });
    return outcome;
  }

  private static final class Outcome {
    String status = "not run";
    String errorType = "";
    String message = "";
  }
}
