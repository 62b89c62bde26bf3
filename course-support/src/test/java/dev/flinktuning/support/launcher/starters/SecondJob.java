package dev.flinktuning.support.launcher.starters;

/** A starter for {@code StarterMainTest}. */
public final class SecondJob {

  private SecondJob() {}

  public static void main(String[] args) {}
}
