package io.gridhub.forecast.common;

import java.time.Instant;

/**
 * Sun position (NOAA's low-precision formulas, about 0.5° here) and the Haurwitz clear-sky global horizontal
 * irradiance. Enough for a PV feature: the tree model learns the site's scale and orientation from it.
 */
public final class SolarGeometry {
    private SolarGeometry() {}

    /** Cosine of the solar zenith angle at an instant (negative below the horizon). */
    public static double cosZenith(double latitudeDeg, double longitudeDeg, long epochSecond) {
        double days = epochSecond / 86_400.0;
        double dayOfYear = ((days % 365.2422) + 365.2422) % 365.2422; // close enough for a feature
        double hourUtc = (((epochSecond % 86_400) + 86_400) % 86_400) / 3600.0;
        double g = 2 * Math.PI / 365 * (dayOfYear - 1 + (hourUtc - 12) / 24);
        double eqTime = 229.18
                * (0.000075
                        + 0.001868 * Math.cos(g)
                        - 0.032077 * Math.sin(g)
                        - 0.014615 * Math.cos(2 * g)
                        - 0.040849 * Math.sin(2 * g));
        double decl = 0.006918
                - 0.399912 * Math.cos(g)
                + 0.070257 * Math.sin(g)
                - 0.006758 * Math.cos(2 * g)
                + 0.000907 * Math.sin(2 * g)
                - 0.002697 * Math.cos(3 * g)
                + 0.00148 * Math.sin(3 * g);
        double trueSolarMinutes = hourUtc * 60 + eqTime + 4 * longitudeDeg;
        double hourAngle = Math.toRadians(trueSolarMinutes / 4 - 180);
        double lat = Math.toRadians(latitudeDeg);
        return Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(hourAngle);
    }

    /** Haurwitz clear-sky GHI in W/m² (0 at night). */
    public static double clearSkyGhi(double latitudeDeg, double longitudeDeg, long epochSecond) {
        double cz = cosZenith(latitudeDeg, longitudeDeg, epochSecond);
        return cz <= 0 ? 0 : 1098 * cz * Math.exp(-0.057 / cz);
    }

    /** Mean clear-sky GHI over {@code [start, start + seconds)}, sampled every 5 minutes. */
    public static double meanClearSkyGhi(double latitudeDeg, double longitudeDeg, Instant start, long seconds) {
        int n = (int) Math.max(1, seconds / 300);
        double sum = 0;
        long t0 = start.getEpochSecond();
        for (int k = 0; k < n; k++) {
            sum += clearSkyGhi(latitudeDeg, longitudeDeg, t0 + (long) ((k + 0.5) * seconds / n));
        }
        return sum / n;
    }
}
