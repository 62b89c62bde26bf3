package dev.flinktuning.casestudy;

/** A user's interest per category in one window: what the window keeps instead of the events. */
public class UserInterest {

  public long userId;
  public long windowEnd;

  /** One weight per category, as {@link Scoring} defines it. */
  public long[] interest;

  public UserInterest() {}

  public UserInterest(long userId, long windowEnd, long[] interest) {
    this.userId = userId;
    this.windowEnd = windowEnd;
    this.interest = interest;
  }
}
