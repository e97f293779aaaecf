package io.gridhub.allocation.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Inputs are bounded in rows, intervals and cells before the meter table is allocated. */
class InputLimitsTest {
    private static final String H = "timestamp,member,consumption_kWh,generation_kWh\n";
    /** The 156-byte file that once ran the hub out of memory: three rows 1 s apart, then one 19 years later. */
    static final String SPARSE = H + "2012-01-15T02:00:00Z,m01,1,0\n2012-01-15T02:00:01Z,m01,1,0\n"
            + "2012-01-15T02:00:02Z,m01,1,0\n2031-01-15T02:00:00Z,m01,1,0\n";

    private static final InputLimits SMALL = new InputLimits(5, 100, 150, 10, 3, 100);

    private static MeterTable read(String csv, InputLimits limits) throws InputException {
        return MeterCsv.read("m.csv", new StringReader(csv), Set.of(), new ArrayList<>(), limits);
    }

    @Test
    void theSparseCsvIsRefusedWithinASecondNamingTheLimitAndTheLine() {
        assertTimeoutPreemptively(
                Duration.ofSeconds(1),
                () -> assertThatThrownBy(() ->
                                MeterCsv.read("request body", new StringReader(SPARSE), Set.of(), new ArrayList<>()))
                        .isInstanceOf(InputException.class)
                        .hasMessageStartingWith("request body:5: the meter data spans from 2012-01-15T02:00:00Z to "
                                + "2031-01-15T02:00:00Z every PT1S = 599616001 intervals per member, more than the "
                                + "limit of 1000000 (maxIntervals)"));
    }

    @Test
    void rowsAreCountedWhileReading() {
        StringBuilder b = new StringBuilder(H);
        for (int i = 0; i < 6; i++) {
            b.append("2026-01-01T00:")
                    .append(String.format("%02d", i * 15 % 60))
                    .append(":00Z,m")
                    .append(i)
                    .append(",1,0\n");
        }
        assertThatThrownBy(() -> read(b.toString(), SMALL))
                .hasMessage("m.csv:7: more than 5 meter rows (maxRows): split the period or the members");
    }

    @Test
    void intervalsAndCellsAreBoundedBeforeTheTableExists() {
        // 1-minute data: then a row 5 hours later is 301 intervals, more than 100.
        assertThatThrownBy(() -> read(
                        H + "2026-01-01T00:00:00Z,a,1,0\n2026-01-01T00:01:00Z,a,1,0\n"
                                + "2026-01-01T00:02:00Z,a,1,0\n2026-01-01T05:00:00Z,a,1,0\n",
                        SMALL))
                .hasMessageContaining("m.csv:5: the meter data spans")
                .hasMessageContaining("301 intervals per member, more than the limit of 100 (maxIntervals)");
        // 80 intervals × 2 members = 160 cells > 150.
        assertThatThrownBy(() -> read(
                        H + "2026-01-01T00:00:00Z,a,1,0\n2026-01-01T00:01:00Z,b,1,0\n"
                                + "2026-01-01T00:02:00Z,a,1,0\n2026-01-01T01:19:00Z,a,1,0\n",
                        SMALL))
                .hasMessageContaining("80 intervals × 2 members = 160 cells, more than the limit of 150 (maxCells)");
    }

    @Test
    void aMostlyEmptyGridIsRefused() {
        // Three rows a minute apart, a fourth a year later: 525,601 cells from 4 rows.
        assertThatThrownBy(() -> read(
                        H + "2026-01-01T00:00:00Z,a,1,0\n2026-01-01T00:01:00Z,a,1,0\n"
                                + "2026-01-01T00:02:00Z,a,1,0\n2027-01-01T00:00:00Z,a,1,0\n",
                        InputLimits.DEFAULTS))
                .hasMessageContaining("m.csv:5: 525601 intervals × 1 members = 525601 cells from 4 rows: more than 10 "
                        + "cells per row (cellsPerRow)");
    }

    @Test
    void intervalsMustBeWholeMinutes() {
        assertThatThrownBy(() ->
                        read(H + "2026-01-01T00:00:00Z,a,1,0\n2026-01-01T00:00:30Z,a,1,0\n", InputLimits.DEFAULTS))
                .hasMessage("m.csv:3: intervals are PT30S apart: meter intervals must be " + "whole minutes");
    }

    @Test
    void aYearOfQuarterHoursForAThousandMembersIsWithinTheDefaults() {
        long intervals = 365 * 96;
        assertThatCode(() -> InputLimits.DEFAULTS.checkGrid("m.csv", 0, intervals * 1000, intervals, 1000, "a year"))
                .doesNotThrowAnyException();
        assertThat(InputLimits.DEFAULTS.maxRows()).isGreaterThanOrEqualTo(intervals * 1000);
    }

    @Test
    void theHeapIsTheLastGuard() {
        assertThatThrownBy(() -> InputLimits.checkHeap("m.csv", 3, 1_000_000_000, 1_000))
                .hasMessageContaining("m.csv:3: ")
                .hasMessageContaining("cells: more than one table can hold");
        long cells = Runtime.getRuntime().maxMemory() / 24;
        assertThatThrownBy(() -> InputLimits.checkHeap("m.csv", 3, cells, 1)).hasMessageContaining("of heap left");
    }

    @Test
    void priceRowsAndPolicyTextAreBounded() {
        assertThatThrownBy(() -> PriceCsv.read(
                        "p.csv",
                        new StringReader("timestamp,import_EUR_per_kWh\n"
                                + "2026-01-01T00:00Z,1\n2026-01-01T01:00Z,1\n2026-01-01T02:00Z,1\n"
                                + "2026-01-01T03:00Z,1\n"),
                        0,
                        SMALL))
                .hasMessage("p.csv:5: more than 3 price rows (maxPriceRows): give the prices of the metered period "
                        + "only");
        assertThatThrownBy(() -> PolicyJson.read(
                        "p.json", "{\"id\":\"p\",\"version\":1,\"description\":\"" + "x".repeat(200) + "\"}", SMALL))
                .hasMessage("p.json: policy of 239 characters, more than the limit of 100 (maxPolicyChars)");
    }

    @Test
    void nullsInAPolicyAreRefusedWithTheLine() {
        assertThatThrownBy(() -> PolicyJson.read("p.json", "{\"id\":\"p\",\"version\":1,\n\"priorityGroups\":[null]}"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("p.json:2: priorityGroups");
        assertThatThrownBy(() -> PolicyJson.read(
                        "p.json", "{\"id\":\"p\",\"version\":1,\n\"participations\":" + "{\"A\":null}}"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("participations");
        assertThatThrownBy(() -> PolicyJson.read("p.json", "{\"id\":\"p\",\"version\":1,\"members\":[null]}"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("members: null");
    }
}
