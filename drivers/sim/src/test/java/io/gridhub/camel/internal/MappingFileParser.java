package io.gridhub.camel.internal;

import io.gridhub.api.ingest.DeviceMapping;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hub's own mapping file parser (bundles/camel's {@code MappingFiles.parse}, package-private) for the field's
 * tests: the demo's mapping files must be what the hub takes.
 */
public final class MappingFileParser {
    private MappingFileParser() {}

    /** The file as the driver host reads it; throws the hub's refusal (file, line, key) when it does not parse. */
    public static DeviceMapping device(Path file) throws Exception {
        return MappingFiles.parse(file).device();
    }

    /** Each address's scale: raw × scale is the value in the mapping's unit. */
    public static Map<String, Double> scales(Path file) throws Exception {
        Map<String, Double> scales = new LinkedHashMap<>();
        MappingFiles.parse(file).points().forEach(p -> scales.put(p.address(), p.scale()));
        return scales;
    }
}
