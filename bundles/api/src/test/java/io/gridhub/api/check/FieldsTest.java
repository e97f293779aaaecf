package io.gridhub.api.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.audit.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldsTest {
    @Test
    void requireNamesTheFirstMissingValue() {
        Fields.require("a b", "x", 1);
        assertThatThrownBy(() -> Fields.require("a b c", "x", null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("b");
    }

    @Test
    void requireSaysWhenTheNamesDoNotMatchTheValues() {
        assertThatThrownBy(() -> Fields.require("a", "x", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 names (a) for 2 values");
    }

    @Test
    void absentTextIsEmptyAndCollectionsAreImmutableCopies() {
        assertThat(Fields.orEmpty(null)).isEmpty();
        assertThat(Fields.orEmpty("t")).isEqualTo("t");
        List<String> list = new ArrayList<>(List.of("a"));
        List<String> listCopy = Fields.copyOf(list);
        list.add("b");
        assertThat(listCopy).containsExactly("a");
        assertThatThrownBy(() -> listCopy.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Fields.copyOf((List<String>) null)).isEmpty();
        Set<String> set = new HashSet<>(Set.of("a"));
        Set<String> setCopy = Fields.copyOf(set);
        set.add("b");
        assertThat(setCopy).containsExactly("a");
        assertThat(Fields.copyOf((Set<String>) null)).isEmpty();
        Map<String, Integer> map = new HashMap<>(Map.of("a", 1));
        Map<String, Integer> mapCopy = Fields.copyOf(map);
        map.put("b", 2);
        assertThat(mapCopy).containsOnlyKeys("a");
        assertThat(Fields.copyOf((Map<String, Integer>) null)).isEmpty();
    }

    @Test
    void aRecordSaysWhichFieldIsMissingAndDefaultsItsText() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> new AuditRecord(1, t, "alice", null, "x", null, null, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("channel");
        AuditRecord r = new AuditRecord(1, t, "alice", "rest", "x", null, null, null, null);
        assertThat(r.subject()).isEmpty();
        assertThat(r.mac()).isEmpty();
    }
}
