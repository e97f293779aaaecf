package io.gridhub.forecast.common.recording;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Where a half-hourly recording stands at an instant when it is looped onto the clock by local time: the same
 * local slot of the day, on the recording's day that is as many days from its first as the local date is (modulo
 * its length in days, so that a recording of whole weeks keeps weekdays). The forecast runner's seed and the demo
 * field's replay both read their recordings this way.
 */
public final class LoopedDays {
    /** The length of one slot. */
    public static final int SLOT_SECONDS = 1800;
    /** Slots in a day. */
    public static final int SLOTS_PER_DAY = 86_400 / SLOT_SECONDS;

    private LoopedDays() {}

    /**
     * @param firstDay the local date of the recording's first row; {@code null}: days are counted from 1970-01-01
     * @param rows     the recording's rows (whole days; otherwise the row is taken modulo {@code rows})
     */
    public static int row(Instant time, ZoneId zone, LocalDate firstDay, int rows) {
        LocalDateTime local = LocalDateTime.ofInstant(time, zone);
        int slot = local.toLocalTime().toSecondOfDay() / SLOT_SECONDS;
        int days = Math.max(1, rows / SLOTS_PER_DAY);
        long day = local.toLocalDate().toEpochDay() - (firstDay == null ? 0 : firstDay.toEpochDay());
        return (int) Math.floorMod(Math.floorMod(day, (long) days) * SLOTS_PER_DAY + slot, (long) rows);
    }
}
