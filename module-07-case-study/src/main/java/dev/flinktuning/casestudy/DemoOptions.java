package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.launcher.StarterArgumentException;
import java.time.Duration;

/**
 * The demo's command-line options; {@link #USAGE} lists them. A wrong one is a {@link
 * StarterArgumentException}: its message alone is printed, without a stack trace.
 */
record DemoOptions(Scenario scenario, boolean runStarter, boolean runYours, boolean webUi) {

  static final String USAGE =
      String.join(
          "\n",
          "Options (./demo OPTIONS, or -Dcourse.args=\"OPTIONS\" with ./mvnw):",
          "  --events N         events to generate (default 50000; 4 hours of event time)",
          "  --catalog-ms N     latency of each catalog request, in ms (default 1)",
          "  --only starter     run only the starter; --only yours runs only RecommendationJob",
          "  --web-ui           put the Flink Web UI on port 8081 (or the next free port)",
          "  --kafka HOST:PORT  use this Kafka broker instead of starting one",
          "  --redis HOST:PORT  use this Redis instead of starting one");

  static DemoOptions parse(String[] args) {
    Scenario scenario = Scenario.forDemo();
    boolean starter = true;
    boolean yours = true;
    boolean webUi = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--events" -> scenario = scenario.withEvents(positive(arg, value(args, ++i)));
        case "--catalog-ms" ->
            scenario =
                scenario.withCatalogLatency(Duration.ofMillis(positive(arg, value(args, ++i))));
        case "--only" -> {
          String which = value(args, ++i);
          starter = which.equals("starter");
          yours = which.equals("yours");
          if (!starter && !yours) {
            throw new StarterArgumentException(
                "--only takes 'starter' or 'yours', not '" + which + "'\n" + USAGE);
          }
        }
        case "--web-ui" -> webUi = true;
        case "--help", "-h" -> {
          System.out.println(USAGE);
          System.exit(0);
        }
        case "--kafka" -> System.setProperty("course.kafka", value(args, ++i));
        case "--redis" -> System.setProperty("course.redis", value(args, ++i));
        default -> throw new StarterArgumentException("Unknown option '" + arg + "'\n" + USAGE);
      }
    }
    return new DemoOptions(scenario, starter, yours, webUi);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new StarterArgumentException(args[i - 1] + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static long positive(String option, String value) {
    try {
      long number = Long.parseLong(value.replace("_", ""));
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StarterArgumentException(
        option + " takes a positive number, not '" + value + "'\n" + USAGE);
  }
}
