package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.Scenario;
import dev.flinktuning.support.launcher.StarterArgumentException;
import java.time.Duration;

/**
 * The demo's command-line options; {@link #USAGE} lists them. A wrong one is a {@link
 * StarterArgumentException}: its message alone is printed, without a stack trace.
 *
 * @param rate events per second to write on a live stream ({@code --rate}); 0: the default demo
 * @param seconds how long to write at each rate
 * @param findRate raise the rate until the job falls behind ({@code --find-rate})
 */
record DemoOptions(
    Scenario scenario,
    boolean runStarter,
    boolean runYours,
    boolean webUi,
    double rate,
    long seconds,
    boolean findRate) {

  /** The rate {@code --find-rate} starts from unless {@code --rate} says otherwise. */
  static final long FIRST_RATE = 250;

  /** Seconds of writing for {@code --rate}, and per step for {@code --find-rate}. */
  static final long RATE_SECONDS = 30;

  static final long FIND_RATE_SECONDS = 20;

  /** The shortest writing time whose quarters each hold a few lag samples. */
  static final long MIN_SECONDS = 8;

  static final String USAGE =
      String.join(
          "\n",
          "Options (./demo OPTIONS, or -Dcourse.args=\"OPTIONS\" with ./mvnw):",
          "  --events N         events to generate (default 50000; 4 hours of event time)",
          "  --catalog-ms N     latency of each catalog request, in ms (default 1)",
          "  --only starter     run only the starter; --only yours runs only RecommendationJob",
          "  --rate R           a live stream instead: write R events per second while each job"
              + " reads,",
          "                     then print the latency of its recommendations and whether it"
              + " kept up",
          "  --find-rate        raise the rate (from --rate, default "
              + FIRST_RATE
              + ", doubling) until each job",
          "                     falls behind: its highest sustainable rate",
          "  --seconds N        how long to write at each rate (default "
              + RATE_SECONDS
              + " with --rate, "
              + FIND_RATE_SECONDS
              + " a step with --find-rate)",
          "  --web-ui           put the Flink Web UI on port 8081 (or the next free port)",
          "  --kafka HOST:PORT  use this Kafka broker instead of starting one",
          "  --redis HOST:PORT  use this Redis instead of starting one");

  static DemoOptions parse(String[] args) {
    Scenario scenario = Scenario.forDemo();
    boolean starter = true;
    boolean yours = true;
    boolean webUi = false;
    boolean events = false;
    long rate = 0;
    long seconds = 0;
    boolean findRate = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--events" -> {
          scenario = scenario.withEvents(positive(arg, value(args, ++i)));
          events = true;
        }
        case "--rate" -> rate = positive(arg, value(args, ++i));
        case "--seconds" -> seconds = positive(arg, value(args, ++i));
        case "--find-rate" -> findRate = true;
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
    boolean live = rate > 0 || findRate;
    if (live && events) {
      throw new StarterArgumentException(
          "--events sets the size of the default demo's input; with --rate or --find-rate the"
              + " input is the rate times --seconds\n"
              + USAGE);
    }
    if (!live && seconds > 0) {
      throw new StarterArgumentException("--seconds goes with --rate or --find-rate\n" + USAGE);
    }
    if (live && seconds > 0 && seconds < MIN_SECONDS) {
      throw new StarterArgumentException(
          "--seconds takes "
              + MIN_SECONDS
              + " or more (the lag is compared between quarters of the time), not "
              + seconds
              + "\n"
              + USAGE);
    }
    if (seconds == 0) {
      seconds = findRate ? FIND_RATE_SECONDS : RATE_SECONDS;
    }
    if (findRate && rate == 0) {
      rate = FIRST_RATE;
    }
    return new DemoOptions(scenario, starter, yours, webUi, rate, seconds, findRate);
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
