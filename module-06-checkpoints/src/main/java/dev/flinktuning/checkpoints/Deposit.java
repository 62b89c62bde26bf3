package dev.flinktuning.checkpoints;

import java.util.Objects;

/** A deposit of {@code amount} cents into account {@code account}: a Flink POJO. */
public final class Deposit {

  public long account;
  public long amount;

  public Deposit() {}

  public Deposit(long account, long amount) {
    this.account = account;
    this.amount = amount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Deposit other && account == other.account && amount == other.amount;
  }

  @Override
  public int hashCode() {
    return Objects.hash(account, amount);
  }

  @Override
  public String toString() {
    return "Deposit{account=" + account + ", amount=" + amount + "}";
  }
}
