package io.gridhub.api.ingest;

import io.gridhub.api.check.Fields;
import io.gridhub.api.model.PointId;
import java.util.List;
import java.util.Map;

/**
 * What the driver host needs of a device's one mapping description (its mapping file): which addresses to read,
 * in which poll group, and the point each becomes. Scale, unit, sign, range and quality stay with normalization,
 * which owns them; a write is turned back into a raw value there too ({@link RawIngest#toRaw}).
 *
 * @param source     the device name the mapping is for
 * @param pollGroups poll group name → interval in ms; a group not listed (such as {@value #DEFAULT_GROUP}) is
 *                   polled at the device's own default interval
 * @param channels   the mapped addresses in the mapping's order, each address once
 */
public record DeviceMapping(String source, Map<String, Long> pollGroups, List<Channel> channels) {
    /** The group of a channel that names none. */
    public static final String DEFAULT_GROUP = "default";

    public DeviceMapping {
        Fields.require("source", source);
        pollGroups = Fields.copyOf(pollGroups);
        channels = Fields.copyOf(channels);
    }

    /**
     * One address of the device and the point it becomes.
     *
     * @param group the poll group it is read in ({@value DeviceMapping#DEFAULT_GROUP} when the mapping names none)
     */
    public record Channel(String address, PointId point, String group) {
        public Channel {
            Fields.require("address point", address, point);
            group = group == null || group.isBlank() ? DEFAULT_GROUP : group;
        }

        /** A channel in the default poll group. */
        public static Channel of(String address, PointId point) {
            return new Channel(address, point, DEFAULT_GROUP);
        }
    }
}
