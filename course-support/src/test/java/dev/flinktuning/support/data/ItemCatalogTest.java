package dev.flinktuning.support.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ItemCatalogTest {

  private static final Scenario SCENARIO = Scenario.forChecks();

  @Test
  void changesAreTheSameForEveryRunAndEachItemChangesOnce() {
    List<CatalogChange> changes = SCENARIO.catalogChanges();
    assertThat(changes).hasSizeGreaterThan(SCENARIO.items() / 20);
    assertThat(changes.stream().map(CatalogChange::toLine))
        .containsExactlyElementsOf(
            SCENARIO.withEvents(1_000).catalogChanges().stream()
                .map(CatalogChange::toLine)
                .toList());
    Set<Long> changed = new HashSet<>();
    for (CatalogChange change : changes) {
      assertThat(changed.add(change.item.itemId)).as("item %d", change.item.itemId).isTrue();
    }
    long start = SCENARIO.generator().startMillis();
    assertThat(changes)
        .extracting(change -> change.effectiveAt)
        .isSorted()
        .containsOnly(
            start + ItemCatalog.PROMOTION_AFTER_MILLIS, start + ItemCatalog.DEMOTION_AFTER_MILLIS);
  }

  @Test
  void asOfAppliesTheChangesThatHoldByThen() {
    List<ItemProfile> catalog = SCENARIO.catalog();
    List<CatalogChange> changes = SCENARIO.catalogChanges();
    CatalogChange first = changes.get(0);
    long at = first.effectiveAt;

    assertThat(ItemCatalog.asOf(catalog, changes, at - 1)).isEqualTo(catalog);
    List<ItemProfile> then = ItemCatalog.asOf(catalog, changes, at);
    assertThat(then).hasSameSizeAs(catalog);
    assertThat(then.get((int) first.item.itemId)).isEqualTo(first.item);
    assertThat(then.get((int) first.item.itemId))
        .isNotEqualTo(catalog.get((int) first.item.itemId));
    assertThat(ItemCatalog.asOf(catalog, changes, Long.MAX_VALUE))
        .containsAll(changes.stream().map(change -> change.item).toList());
  }

  @Test
  void aChangeReadsBackFromItsLine() {
    CatalogChange change = SCENARIO.catalogChanges().get(3);
    CatalogChange read = CatalogChange.fromLine(change.toLine());
    assertThat(read.effectiveAt).isEqualTo(change.effectiveAt);
    assertThat(read.item).isEqualTo(change.item);
    assertThatThrownBy(() -> CatalogChange.fromLine("no separator"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no separator'");
  }
}
