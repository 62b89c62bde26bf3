package dev.flinktuning.support.launcher.starters;

/** A starter for {@code StarterMainTest}. */
public final class FirstJob {

  private FirstJob() {}

  public static void main(String[] args) {}

  /** Not a starter: a nested class. */
  static final class Nested {
    public static void main(String[] args) {}
  }
}
