package io.gridhub.forecast.common;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Public holidays as a calendar feature, for the regions the shipped data sets are in: New South Wales (the
 * Ausgrid data) and Germany's nationwide holidays (the DE-LU prices). Rules as published by the NSW government
 * (Public Holidays Act 2010, with Monday substitutes) and the German federal holidays. Checked against the Jollyday
 * library in {@code HolidaysVersusJollydayTest}: Jollyday 1.5.6 lacks NSW's Anzac Day and some substitute days of
 * 2010–2014, and in OSGi it needs five more bundles and a service-loader extender, so it is the test's reference
 * and these one-page rules are the runtime.
 */
public final class Holidays {
    /** A calendar that has no holidays. */
    public static final Holidays NONE = new Holidays("none");

    private final String region;
    private final Map<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

    private Holidays(String region) {
        this.region = region;
    }

    /** {@code AU-NSW}, {@code DE} or {@code none} (case-insensitive). */
    public static Holidays of(String region) {
        String r = region == null ? "none" : region.trim().toUpperCase(Locale.ROOT);
        return switch (r) {
            case "AU-NSW", "DE" -> new Holidays(r);
            case "NONE", "" -> NONE;
            default ->
                throw new IllegalArgumentException("unknown holiday region '" + region + "' (known: AU-NSW, DE, none)");
        };
    }

    /** The region whose wall clock a zone is: Australia/Sydney → AU-NSW, Europe/Berlin → DE, else none. */
    public static Holidays forZone(ZoneId zone) {
        return switch (zone.getId()) {
            case "Australia/Sydney" -> of("AU-NSW");
            case "Europe/Berlin" -> of("DE");
            default -> NONE;
        };
    }

    public String region() {
        return region;
    }

    public boolean isHoliday(LocalDate d) {
        return this != NONE
                && !region.equals("none")
                && byYear.computeIfAbsent(d.getYear(), this::year).contains(d);
    }

    private Set<LocalDate> year(int y) {
        Set<LocalDate> s = new HashSet<>();
        LocalDate easter = easterSunday(y);
        s.add(easter.minusDays(2)); // Good Friday
        s.add(easter.plusDays(1)); // Easter Monday
        if (region.equals("AU-NSW")) {
            s.add(easter.minusDays(1)); // Easter Saturday
            s.add(easter);
            s.add(mondayIfWeekend(LocalDate.of(y, Month.JANUARY, 1)));
            s.add(mondayIfWeekend(LocalDate.of(y, Month.JANUARY, 26)));
            s.add(LocalDate.of(y, Month.APRIL, 25));
            s.add(LocalDate.of(y, Month.JUNE, 1).with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.MONDAY)));
            s.add(LocalDate.of(y, Month.OCTOBER, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)));
            LocalDate xmas = LocalDate.of(y, Month.DECEMBER, 25);
            LocalDate boxing = xmas.plusDays(1);
            s.add(xmas);
            s.add(boxing);
            // Substitutes: a Christmas on a weekend moves to the next free weekday, then Boxing Day after it.
            if (xmas.getDayOfWeek() == DayOfWeek.SATURDAY) {
                s.add(xmas.plusDays(2));
                s.add(xmas.plusDays(3));
            } else if (xmas.getDayOfWeek() == DayOfWeek.SUNDAY) {
                s.add(xmas.plusDays(2));
            } else if (boxing.getDayOfWeek() == DayOfWeek.SATURDAY) {
                s.add(boxing.plusDays(2));
            }
        } else {
            s.add(LocalDate.of(y, Month.JANUARY, 1));
            s.add(LocalDate.of(y, Month.MAY, 1));
            s.add(easter.plusDays(39)); // Ascension
            s.add(easter.plusDays(50)); // Whit Monday
            s.add(LocalDate.of(y, Month.OCTOBER, 3));
            s.add(LocalDate.of(y, Month.DECEMBER, 25));
            s.add(LocalDate.of(y, Month.DECEMBER, 26));
        }
        return s;
    }

    private static LocalDate mondayIfWeekend(LocalDate d) {
        return switch (d.getDayOfWeek()) {
            case SATURDAY -> d.plusDays(2);
            case SUNDAY -> d.plusDays(1);
            default -> d;
        };
    }

    /** Gregorian Easter Sunday (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
    static LocalDate easterSunday(int y) {
        int a = y % 19;
        int b = y / 100;
        int c = y % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(y, month, day);
    }
}
