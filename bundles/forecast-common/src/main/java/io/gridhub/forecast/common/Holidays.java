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
 * Public holidays (and New South Wales's school vacations) as calendar features, for the regions the shipped data sets
 * are in: New South Wales (the Ausgrid data) and Germany's nationwide holidays (the DE-LU prices). Rules as published
 * by the NSW government (Public Holidays Act 2010, with Monday substitutes) and the German federal holidays. Checked
 * against the Jollyday library in {@code HolidaysVersusJollydayTest}: Jollyday 1.5.6 lacks NSW's Anzac Day and some
 * substitute days of 2010–2014, and in OSGi it needs five more bundles and a service-loader extender, so it is the
 * test's reference and these one-page rules are the runtime.
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

    /**
     * NSW public-school vacations, Eastern Division (Sydney, Newcastle, Wollongong), first and last day off
     * including the weekends around them: the years of the shipped data (2010–2014) and 2023–2025. The periods of
     * 2023 and 2024 match the department's dates as NSW schools publish them; the others follow the department's
     * calendars of those years as best known here and were not checked against its own pages from this machine (a
     * day or two at a period's ends may be off). Years outside the table have no school holidays: extend it when the
     * department publishes the next year.
     */
    private static final String[] NSW_SCHOOL_VACATIONS = {
        "2009-12-19/2010-01-27", "2010-04-02/2010-04-18", "2010-06-26/2010-07-11", "2010-09-18/2010-10-04",
        "2010-12-18/2011-01-31", "2011-04-16/2011-05-01", "2011-07-02/2011-07-17", "2011-09-24/2011-10-09",
        "2011-12-17/2012-01-30", "2012-04-06/2012-04-22", "2012-06-30/2012-07-15", "2012-09-22/2012-10-08",
        "2012-12-20/2013-01-29", "2013-04-13/2013-04-28", "2013-06-29/2013-07-14", "2013-09-21/2013-10-07",
        "2013-12-19/2014-01-27", "2014-04-12/2014-04-27", "2014-07-05/2014-07-20", "2014-09-27/2014-10-12",
        "2014-12-20/2015-01-27", "2022-12-21/2023-01-26", "2023-04-07/2023-04-23", "2023-07-01/2023-07-16",
        "2023-09-23/2023-10-08", "2023-12-20/2024-01-31", "2024-04-13/2024-04-28", "2024-07-06/2024-07-21",
        "2024-09-28/2024-10-13", "2024-12-21/2025-01-30", "2025-04-12/2025-04-27", "2025-07-05/2025-07-20",
        "2025-09-27/2025-10-12"
    };

    private static final Set<LocalDate> NSW_SCHOOL_DAYS_OFF = schoolDaysOff(NSW_SCHOOL_VACATIONS);

    private static Set<LocalDate> schoolDaysOff(String[] periods) {
        Set<LocalDate> s = new HashSet<>();
        for (String p : periods) {
            String[] ends = p.split("/");
            LocalDate last = LocalDate.parse(ends[1]);
            for (LocalDate d = LocalDate.parse(ends[0]); !d.isAfter(last); d = d.plusDays(1)) {
                s.add(d);
            }
        }
        return s;
    }

    /**
     * Is {@code d} within a public-school vacation of the region (AU-NSW only; see {@link #NSW_SCHOOL_VACATIONS}
     * for the years known)? Germany's school holidays differ by state and are not modelled: false.
     */
    public boolean isSchoolHoliday(LocalDate d) {
        return region.equals("AU-NSW") && NSW_SCHOOL_DAYS_OFF.contains(d);
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
