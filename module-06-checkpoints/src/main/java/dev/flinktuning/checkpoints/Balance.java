package dev.flinktuning.checkpoints;

import java.util.Objects;

/** An account's balance, in cents, after its latest deposit: a Flink POJO. */
public final class Balance {

  public long account;
  public long cents;

  public Balance() {}

  public Balance(long account, long cents) {
    this.account = account;
    this.cents = cents;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Balance other && account == other.account && cents == other.cents;
  }

  @Override
  public int hashCode() {
    return Objects.hash(account, cents);
  }

  @Override
  public String toString() {
    return "Balance{account=" + account + ", cents=" + cents + "}";
  }
}
