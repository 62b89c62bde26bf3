package dev.flinktuning.state;

/** A visit in progress: the state the job keeps per visitor. A Flink POJO. */
public class Visit {

  /** Event time of the visit's earliest event so far, epoch milliseconds. */
  public long start;

  /** Event time of the visit's latest event so far, epoch milliseconds. */
  public long lastSeen;

  /** Events seen in this visit so far. */
  public int events;

  public Visit() {}

  public Visit(long start, long lastSeen, int events) {
    this.start = start;
    this.lastSeen = lastSeen;
    this.events = events;
  }
}
