package io.gridhub.allocation.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.allocation.AllocationPolicy;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadersTest {
    private static final String H = "timestamp,member,consumption_kWh,generation_kWh\n";

    private static MeterTable read(String csv, List<String> notes) throws InputException {
        return MeterCsv.read("m.csv", new StringReader(csv), Set.of(), notes);
    }

    @Test
    void missingRowsCountAsZeroWithANoteAndLabelsStayAsGiven() throws InputException {
        List<String> notes = new ArrayList<>();
        MeterTable t = read(
                H + "2024-06-01 10:00,A,1,0\n2024-06-01 10:00,B,2,0\n2024-06-01 10:15,A,1,0\n"
                        + "2024-06-01 10:15,B,1,0\n2024-06-01 10:30,A,3,0\n",
                notes);
        assertThat(t.intervals()).isEqualTo(3);
        assertThat(t.label(0)).isEqualTo("2024-06-01 10:00");
        assertThat(t.consumption(2, 1)).isZero();
        assertThat(notes)
                .anyMatch(n -> n.contains("1 member-intervals have no row"))
                .anyMatch(n -> n.contains("read as UTC"));
    }

    @Test
    void aMemberAtACoarserResolutionIsRefused() {
        assertThatThrownBy(() -> read(
                        H + "2024-06-01T10:00:00Z,A,1,0\n2024-06-01T10:15:00Z,A,1,0\n"
                                + "2024-06-01T10:30:00Z,A,1,0\n2024-06-01T10:00:00Z,B,1,0\n2024-06-01T10:30:00Z,B,1,"
                                + "0\n",
                        new ArrayList<>()))
                .hasMessage("m.csv:6: member 'B' is metered every 30 minutes, other members "
                        + "every 15: its intervals overlap the grid; resample to one resolution");
    }

    @Test
    void aMissingColumnIsNamed() {
        assertThatThrownBy(() -> read("timestamp,member,consumption_kWh\n", new ArrayList<>()))
                .hasMessageStartingWith("m.csv:1: missing column 'generation_kWh'");
    }

    @Test
    void elwogParticipationRulesAreEnforcedWithTheLine() {
        String six = "{\"id\":\"p\",\"version\":1,\"community\":\"c1\",\n\"participations\":{\"A\":[\n"
                + "{\"community\":\"c1\",\"factor\":0.1},{\"community\":\"c2\",\"factor\":0.1},"
                + "{\"community\":\"c3\",\"factor\":0.1},{\"community\":\"c4\",\"factor\":0.1},"
                + "{\"community\":\"c5\",\"factor\":0.1},{\"community\":\"c6\",\"factor\":0.1}]}}";
        assertThatThrownBy(() -> PolicyJson.read("p.json", six))
                .hasMessage("p.json:2: participations: member A takes part in 6 communities, at most 5 allowed");
        String over = "{\"id\":\"p\",\"version\":1,\"community\":\"c1\",\n\"participations\":{\"A\":[\n"
                + "{\"community\":\"c1\",\"factor\":0.7},{\"community\":\"c2\",\"factor\":0.4}]}}";
        assertThatThrownBy(() -> PolicyJson.read("p.json", over))
                .hasMessage("p.json:2: participations: member A: participation factors sum to 110.0 %, at most "
                        + "100 % allowed");
    }

    @Test
    void aGoodPolicyReads() throws InputException {
        AllocationPolicy p = PolicyJson.read(
                "p.json",
                "{\"id\":\"p\",\"version\":4,\"community\":\"c1\","
                        + "\"method\":\"Static\",\"members\":[\"A\",\"B\"],\"staticShares\":{\"A\":0.5},"
                        + "\"participations\":{\"B\":[{\"community\":\"c1\",\"factor\":0.25}]},"
                        + "\"memberTypes\":{\"B\":\"business\"}}");
        assertThat(p.ref().toString()).isEqualTo("p@v4");
        assertThat(p.method()).isEqualTo("static");
        assertThat(p.factorOf("B")).isEqualTo(0.25);
        assertThat(p.factorOf("A")).isEqualTo(1);
        assertThat(p.nonBusiness("B")).isFalse();
        assertThatThrownBy(() -> PolicyJson.read(
                        "p.json",
                        "{\"id\":\"p\",\"version\":1,\"members\":[\"A\"],\n" + "\"staticShares\":{\"Z\":0.5}}"))
                .hasMessage("p.json:2: staticShares: unknown member 'Z' " + "(not in members)");
        assertThatThrownBy(() -> PolicyJson.read("p.json", "{\"id\":\"p\"}"))
                .hasMessageStartingWith("p.json:1: version: an integer ≥ 1 required");
        assertThatThrownBy(() -> PolicyJson.read("p.json", "{\"id\":\"p\",\n\"version\":1,,}"))
                .hasMessageStartingWith("p.json:2: ");
    }
}
