package dev.flinktuning.checkpoints;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The balances exercise 1 must emit, computed in plain Java. */
final class BalanceOracle {

  private BalanceOracle() {}

  static List<Balance> expected(long accounts, long count) {
    Deposits deposits = new Deposits(accounts);
    Map<Long, Long> balances = new HashMap<>();
    List<Balance> out = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      Deposit deposit = deposits.deposit(i);
      long after = balances.merge(deposit.account, deposit.amount, Long::sum);
      out.add(new Balance(deposit.account, after));
    }
    return out;
  }
}
