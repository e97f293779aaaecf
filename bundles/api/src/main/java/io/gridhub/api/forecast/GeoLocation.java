package io.gridhub.api.forecast;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Where a forecast target is: latitude and longitude in degrees (south and west negative), and the time zone of
 * its local wall clock, which solar geometry needs to turn local time into true solar time.
 */
public record GeoLocation(double latitude, double longitude, ZoneId zone) {
    public GeoLocation {
        Objects.requireNonNull(zone, "zone");
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException(
                    "location out of range: latitude " + latitude + ", longitude " + longitude);
        }
    }
}
