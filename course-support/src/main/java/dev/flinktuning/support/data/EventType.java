package dev.flinktuning.support.data;

/** What a shopper did with an item. */
public enum EventType {
  VIEW,
  CART,
  PURCHASE
}
