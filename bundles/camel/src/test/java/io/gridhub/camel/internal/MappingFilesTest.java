package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingFilesTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            {
              "source": "meter7",
              "points": [
                {"address": "40001", "point": "t.m7.p", "unit": "kW"}
              ]
            }
            """;

    @Test
    void aMalformedMappingIsRefusedNamingFileLineAndKeyAndTheLastGoodOneStays() throws Exception {
        Path f = dir.resolve("meter7.json");
        Files.writeString(f, GOOD);
        List<SourceMapping> loaded = new ArrayList<>();
        MappingFiles files = new MappingFiles(dir, loaded::add);
        files.refresh();
        assertThat(files.source("meter7")).isPresent();

        Files.writeString(f, GOOD.replace("\"kW\"", "\"kWhh\""));
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
        files.refresh();

        assertThat(files.errors())
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .contains(f.toString())
                        .contains("line 4")
                        .contains("$.points[0].unit")
                        .contains("unknown unit 'kWhh'"));
        assertThat(files.source("meter7").orElseThrow().points().get(0).unit()).isEqualTo("kW");
        assertThat(loaded).hasSize(1);

        Files.writeString(f, GOOD.replace("\"kW\"", "\"MW\""));
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(10)));
        files.refresh();
        assertThat(files.errors()).isEmpty();
        assertThat(files.source("meter7").orElseThrow().points().get(0).unit()).isEqualTo("MW");
    }

    @Test
    void namesTheKeyOfEveryKindOfMistake() throws Exception {
        assertRefused(GOOD.replace("\"t.m7.p\"", "\"t m7\""), "$.points[0].point", "invalid point id");
        assertRefused(GOOD.replace("\"unit\"", "\"units\""), "$.points[0].unit", "no unit given");
        assertRefused(
                GOOD.replace("\"kW\"}", "\"kW\", \"scael\": 2}"), "$.points[0].scael", "Unrecognized field \"scael\"");
        assertRefused(GOOD.replace("\"source\": \"meter7\",", ""), "$.source", "'source' is missing");
        assertRefused(GOOD.replace("\"kW\"}", "\"kW\", \"scale\": \"ten\"}"), "$.points[0].scale", "ten");
        assertRefused(
                GOOD.replace("\"kW\"}", "\"kW\", \"quality\": {\"7\": \"BROKEN\"}}"),
                "$.points[0].quality",
                "quality 'BROKEN' is not GOOD");
        assertRefused(
                GOOD.replace("\"kW\"}", "\"kW\", \"quantity\": \"ACTIVE_ENERGY\", \"asset\": \"m7\"}"),
                "$.points[0].unit",
                "unit 'kW' cannot be converted to 'Wh'");
        assertRefused(
                GOOD.replace("\"points\"", "\"time\": {\"maxSkew\": \"soon\"}, \"points\""), "$.time.maxSkew", "soon");
        assertRefused(
                GOOD.replace("]", ", {\"address\": \"40001\", \"point\": \"t.m7.q\", \"unit\": \"kW\"}]"),
                "$.points",
                "address '40001' is mapped twice");
        assertRefused(
                GOOD.replace("\"kW\"}", "\"kW\", \"group\": \"slow\"}"),
                "$.points",
                "point t.m7.p names poll group 'slow', which pollGroups does not define");
        assertRefused(
                GOOD.replace("\"points\"", "\"pollGroups\": {\"fast\": 0}, \"points\""),
                "$.pollGroups",
                "poll group 'fast' needs an interval ≥ 1 ms");
        assertRefused("{\"source\": \"x\", ", "line 1", "Unexpected end-of-input");
        // Found by ReadingsFuzzTest: these delimiters made every file of the mapping fail outside the parser.
        for (String d : new String[] {"\\n", "\\r", "\\\""}) {
            assertRefused(
                    GOOD.replace(
                            "\"points\"",
                            "\"file\": {\"pattern\": \"*.csv\", \"format\": \"csv\", "
                                    + "\"timeColumn\": \"time\", \"delimiter\": \"" + d + "\"}, \"points\""),
                    "delimiter",
                    "cannot be a line break or the quote character");
        }
    }

    private void assertRefused(String json, String key, String reason) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        assertThatThrownBy(() -> MappingFiles.parse(f))
                .isInstanceOf(MappingFiles.MappingException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining(key)
                .hasMessageContaining(reason);
    }

    /**
     * The demo describes each device once: its .cfg has host and driver settings only, and the mapping file of the
     * same name (its source) says what to poll, in which group, and how it becomes points.
     */
    @Test
    void theDemoDescribesEachDeviceOnceInItsMappingFile() throws Exception {
        Path demo = Path.of("../../config/demo").toAbsolutePath().normalize();
        MappingFiles files = new MappingFiles(demo.resolve("mappings"), m -> {});
        files.refresh();
        assertThat(files.errors()).isEmpty();
        List<String> devices = new ArrayList<>();
        try (DirectoryStream<Path> cfgs = Files.newDirectoryStream(demo, "io.gridhub.driver.*.device-*.cfg")) {
            for (Path cfg : cfgs) {
                String name =
                        cfg.getFileName().toString().replaceFirst("^[^-]*-", "").replaceFirst("\\.cfg$", "");
                devices.add(name);
                assertThat(Files.readString(cfg)).as(cfg.toString()).doesNotContain("pointMap");
                SourceMapping m = files.source(name).orElseThrow(() -> new AssertionError("no mapping for " + cfg));
                assertThat(m.device().channels()).isNotEmpty();
            }
        }
        assertThat(devices).contains("meters-1", "pv-plant", "rtu", "shared-bat");
        try (DirectoryStream<Path> json = Files.newDirectoryStream(demo, "*.json")) {
            for (Path f : json) {
                assertThat(Files.readString(f))
                        .as(f + " is no second description")
                        .doesNotContain("\"address\"");
            }
        }
    }

    @Test
    void twoFilesMayNotMapTheSameSource() throws Exception {
        Files.writeString(dir.resolve("a.json"), GOOD);
        Files.writeString(dir.resolve("b.json"), GOOD);
        MappingFiles files = new MappingFiles(dir, m -> {});
        files.refresh();
        assertThat(files.sources()).containsOnlyKeys("meter7");
        assertThat(files.errors())
                .singleElement()
                .satisfies(e -> assertThat(e).contains("b.json").contains("already mapped"));
    }
}
