package dev.flinktuning.support.launcher.starters;

/** Not a starter: no main(). */
public final class NotAStarter {

  private NotAStarter() {}
}
