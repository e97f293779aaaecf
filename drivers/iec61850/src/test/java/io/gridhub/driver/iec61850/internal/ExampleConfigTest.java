package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.ServerModel;
import io.gridhub.driver.iec61850.Iec61850Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example in config/iec61850 (and docs/iec61850.md) and the demo's in config/demo hold: every address of the
 * device's mapping (config/demo/mappings/pv-plant.json) and every report is in the ICD.
 */
class ExampleConfigTest {
    private static final Path DIR = Path.of("../../config/iec61850");

    @Test
    void everyMappedAddressIsAValueOfTheIcdModel() throws Exception {
        check(DIR);
        check(Path.of("../../config/demo"));
    }

    private static void check(Path dir) throws Exception {
        ServerModel model = SclFiles.load(DIR.resolve("pvbat.icd").toString(), "pvbat");
        // The device's one description, which both configurations use.
        String map = Files.readString(Path.of("../../config/demo/mappings/pv-plant.json"));
        Matcher m = Pattern.compile("\"address\":\\s*\"([^\"]+)\"").matcher(map);
        List<String> addresses = new ArrayList<>();
        while (m.find()) {
            addresses.add(m.group(1));
        }
        assertThat(addresses).hasSizeGreaterThan(5);
        for (String text : addresses) {
            Iec61850Address a = Iec61850Address.parse(text);
            assertThat(model.findModelNode(a.reference(), Fc.fromString(a.fc())))
                    .as(text)
                    .isNotNull();
            assertThat(Values.leaf(model.findModelNode(a.reference(), Fc.fromString(a.fc()))))
                    .as(text)
                    .isNotNull();
        }
        String cfg = Files.readString(dir.resolve("io.gridhub.driver.iec61850.device-pv-plant.cfg"));
        Matcher r = Pattern.compile("(?m)^reports = (.*)$").matcher(cfg);
        assertThat(r.find()).isTrue();
        for (String rcb : r.group(1).split(",")) {
            String ref = rcb.trim();
            assertThat(model.getBrcb(ref) != null || model.getUrcb(ref) != null)
                    .as(ref)
                    .isTrue();
        }
    }
}
