package dev.flinktuning.metrics;

import dev.flinktuning.support.data.ShopEvent;

/**
 * A purchase on its way through the checkout job, with the moment it entered the job (processing
 * time, epoch milliseconds): the timestamp an end-to-end latency is measured from. A Flink POJO.
 */
public class Checkout {

  public ShopEvent purchase;

  /** When the purchase entered the job, by the clock of the machine it entered on. */
  public long enteredAtMillis;

  public Checkout() {}

  public Checkout(ShopEvent purchase, long enteredAtMillis) {
    this.purchase = purchase;
    this.enteredAtMillis = enteredAtMillis;
  }
}
