package dev.flinktuning.casestudy;

import dev.flinktuning.support.data.ItemProfile;
import java.util.Arrays;

/**
 * The profiles one item has had, each with the event time from which it holds, oldest first: what
 * the broadcast state keeps per item, so that a window is scored with the item as it was at the
 * window's end, whatever arrived since.
 */
public class ItemHistory {

  /** {@code from[i]}: the event time from which {@code profiles[i]} holds; ascending. */
  public long[] from;

  public ItemProfile[] profiles;

  public ItemHistory() {}

  public ItemHistory(long[] from, ItemProfile[] profiles) {
    this.from = from;
    this.profiles = profiles;
  }

  /** An item with one profile, from {@code from} on. */
  public static ItemHistory of(long from, ItemProfile profile) {
    return new ItemHistory(new long[] {from}, new ItemProfile[] {profile});
  }

  /** The item's profile at event time {@code time}; null if it did not exist yet. */
  public ItemProfile asOf(long time) {
    ItemProfile found = null;
    for (int i = 0; i < from.length && from[i] <= time; i++) {
      found = profiles[i];
    }
    return found;
  }

  /**
   * This history with {@code profile} from {@code time} on, without the profiles that no window can
   * ask for any more: those replaced at or before {@code watermark}, since every window up to the
   * watermark has been scored.
   */
  public ItemHistory with(long time, ItemProfile profile, long watermark) {
    int keepFrom = 0;
    while (keepFrom + 1 < from.length && from[keepFrom + 1] <= watermark) {
      keepFrom++;
    }
    int kept = from.length - keepFrom;
    long[] newFrom = new long[kept + 1];
    ItemProfile[] newProfiles = new ItemProfile[kept + 1];
    int at = 0;
    boolean added = false;
    for (int i = keepFrom; i < from.length; i++) {
      if (!added && time < from[i]) {
        newFrom[at] = time;
        newProfiles[at++] = profile;
        added = true;
      }
      newFrom[at] = from[i];
      newProfiles[at++] = profiles[i];
    }
    if (!added) {
      newFrom[at] = time;
      newProfiles[at] = profile;
    }
    return new ItemHistory(newFrom, newProfiles);
  }

  @Override
  public String toString() {
    return "ItemHistory" + Arrays.toString(from);
  }
}
