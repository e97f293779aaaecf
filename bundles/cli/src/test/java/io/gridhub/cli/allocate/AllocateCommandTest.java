package io.gridhub.cli.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocateCommandTest {
    private static final String HEADER = "timestamp,member,consumption_kWh,generation_kWh\n";
    private static final String GOOD = HEADER
            + "2024-06-01T10:00:00Z,A,2,0\n"
            + "2024-06-01T10:00:00Z,B,4,0\n"
            + "2024-06-01T10:00:00Z,P,0,3\n"
            + "2024-06-01T10:15:00Z,A,1,0\n"
            + "2024-06-01T10:15:00Z,B,1,0\n"
            + "2024-06-01T10:15:00Z,P,0,5\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldErr;

    @BeforeEach
    void captureStderr() {
        oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(oldErr);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private int allocate(String... args) {
        err.reset();
        String[] all = new String[args.length + 1];
        all[0] = "allocate";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(all);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void dynamicKeyWritesAllocationStatementsAndRun() throws IOException {
        Path m = file("m.csv", GOOD);
        Path out = dir.resolve("out");
        assertThat(allocate(
                        "--method",
                        "dynamic",
                        "--meters",
                        m.toString(),
                        "--import-price",
                        "0.3",
                        "--export-price",
                        "0.1",
                        "--out",
                        out.toString()))
                .isZero();
        List<String> lines = Files.readAllLines(out.resolve("allocation.csv"));
        assertThat(lines).first().isEqualTo("timestamp,member,allocated_kWh,value_EUR");
        // G=3, C=6: half of each consumption; value 0.2 EUR/kWh.
        assertThat(lines)
                .contains(
                        "2024-06-01T10:00:00Z,A,1,0.2", "2024-06-01T10:00:00Z,B,2,0.4", "2024-06-01T10:15:00Z,A,1,0.2");
        assertThat(out.resolve("statements/A.csv")).exists();
        assertThat(Files.readString(out.resolve("statements/A.json")))
                .contains("\"policy\" : \"default-dynamic@v1\"", "c_i·min(1, G/C)", "\"totals\"");
        assertThat(Files.readAllLines(out.resolve("statements/A.csv")))
                .last()
                .asString()
                .startsWith("TOTAL,3,0,2,0.4");
    }

    @Test
    void shapleyWritesShares() throws IOException {
        Path m = file("m.csv", GOOD);
        Path out = dir.resolve("s");
        assertThat(allocate(
                        "--method",
                        "shapley",
                        "--meters",
                        m.toString(),
                        "--import-price",
                        "0.3",
                        "--export-price",
                        "0.1",
                        "--out",
                        out.toString()))
                .isZero();
        List<String> lines = Files.readAllLines(out.resolve("shares.csv"));
        assertThat(lines).first().isEqualTo("member,value_EUR");
        double sum = lines.stream()
                .skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[1]))
                .sum();
        // Savings: interval 1 shares 3 kWh, interval 2 shares 2 kWh, each worth 0.3 − 0.1.
        assertThat(sum).isCloseTo(1.0, Offset.offset(1e-9));
    }

    @Test
    void unknownMemberIsExitTwoWithTheLine() throws IOException {
        Path m = file("m.csv", GOOD + "2024-06-01T10:15:00Z,X,1,0\n");
        Path p = file("p.json", "{\"id\":\"p\",\"version\":1,\"members\":[\"A\",\"B\",\"P\"]}");
        assertThat(allocate(
                        "--method",
                        "dynamic",
                        "--meters",
                        m.toString(),
                        "--policy",
                        p.toString(),
                        "--out",
                        dir.resolve("o").toString()))
                .isEqualTo(2);
        assertThat(stderr()).isEqualTo(m + ":8: unknown member 'X' (the policy lists 3 members)");
    }

    @Test
    void overlappingIntervalsAreExitTwo() throws IOException {
        Path m = file("m.csv", GOOD + "2024-06-01T10:00:00Z,A,1,0\n");
        assertThat(allocate(
                        "--method",
                        "dynamic",
                        "--meters",
                        m.toString(),
                        "--out",
                        dir.resolve("o").toString()))
                .isEqualTo(2);
        assertThat(stderr())
                .startsWith(m + ":8: overlapping interval: member 'A' already has an interval "
                        + "starting 2024-06-01T10:00:00Z (line 2)");
        Path off = file("off.csv", GOOD + "2024-06-01T10:20:00Z,A,1,0\n");
        assertThat(allocate(
                        "--method",
                        "dynamic",
                        "--meters",
                        off.toString(),
                        "--out",
                        dir.resolve("o").toString()))
                .isEqualTo(2);
        assertThat(stderr()).startsWith(off + ":8: ");
    }

    @Test
    void negativeEnergyIsExitTwo() throws IOException {
        Path m = file("m.csv", HEADER + "2024-06-01T10:00:00Z,A,2,0\n2024-06-01T10:00:00Z,B,-1,0\n");
        assertThat(allocate(
                        "--method",
                        "dynamic",
                        "--meters",
                        m.toString(),
                        "--out",
                        dir.resolve("o").toString()))
                .isEqualTo(2);
        assertThat(stderr()).startsWith(m + ":3: negative energy: consumption_kWh -1");
    }

    @Test
    void sharesOverHundredPercentAreExitTwoWithThePolicyLine() throws IOException {
        Path m = file("m.csv", GOOD);
        Path p = file(
                "p.json",
                "{\n  \"id\": \"p\",\n  \"version\": 2,\n  \"method\": \"static\",\n"
                        + "  \"staticShares\": {\n    \"A\": 0.6,\n    \"B\": 0.6\n  }\n}\n");
        assertThat(allocate(
                        "--method",
                        "static",
                        "--meters",
                        m.toString(),
                        "--policy",
                        p.toString(),
                        "--out",
                        dir.resolve("o").toString()))
                .isEqualTo(2);
        assertThat(stderr()).isEqualTo(p + ":5: staticShares: shares over 100 %: they sum to 120.0 %");
    }

    @Test
    void otherBadInputIsExitTwoToo() throws IOException {
        Path m = file("m.csv", GOOD);
        Path bad = file("bad.csv", HEADER + "2024-06-01T10:00:00Z,A,lots,0\n");
        assertThat(allocate("--method", "dynamic", "--meters", bad.toString(), "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(stderr()).isEqualTo(bad + ":2: consumption_kWh 'lots' is not a number");
        assertThat(allocate("--method", "shapley", "--meters", m.toString(), "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(stderr()).contains("needs prices");
        assertThat(allocate("--method", "fancy", "--meters", m.toString(), "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(stderr()).contains("unknown method 'fancy'");
        Path p = file("p.json", "{\"id\":\"p\",\"version\":1,\n\"staticShares\":{\"A\":\"x\"}}");
        assertThat(allocate(
                        "--method",
                        "static",
                        "--meters",
                        m.toString(),
                        "--policy",
                        p.toString(),
                        "--out",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(stderr()).startsWith(p + ":2: staticShares.A:");
        Path q = file("q.json", "{\"id\":\"p\",\"version\":1,\n\"colour\":\"red\"}");
        assertThat(allocate(
                        "--method",
                        "dynamic",
                        "--meters",
                        m.toString(),
                        "--policy",
                        q.toString(),
                        "--out",
                        dir.toString()))
                .isEqualTo(2);
        assertThat(stderr()).startsWith(q + ":2: ").contains("colour");
    }

    @Test
    void aRerunWithCorrectedMetersIsTheNextLedgerVersionWithADiff() throws IOException {
        Path ledger = dir.resolve("ledger");
        Path m1 = file("m1.csv", GOOD);
        assertThat(allocate(
                        "--method",
                        "dynamic",
                        "--meters",
                        m1.toString(),
                        "--ledger",
                        ledger.toString(),
                        "--out",
                        dir.resolve("o1").toString()))
                .isZero();
        assertThat(dir.resolve("o1/diff.csv")).doesNotExist();
        Path m2 = file("m2.csv", GOOD.replace("10:00:00Z,B,4,0", "10:00:00Z,B,2,0"));
        assertThat(allocate(
                        "--method",
                        "dynamic",
                        "--meters",
                        m2.toString(),
                        "--ledger",
                        ledger.toString(),
                        "--out",
                        dir.resolve("o2").toString()))
                .isZero();
        List<String> diff = Files.readAllLines(dir.resolve("o2/diff.csv"));
        // G=3 kWh: A goes from 1 to 1.5 kWh, B from 2 to 1.5 kWh.
        assertThat(diff).hasSize(3);
        assertThat(diff.get(2)).startsWith("2024-06-01T10:00:00Z,B,4.0,2.0,0.0,0.0,2.0,1.5,");
        // The statements of version 2 list each member's changes after the totals.
        List<String> b = Files.readAllLines(dir.resolve("o2/statements/B.csv"));
        int total = b.indexOf(
                b.stream().filter(l -> l.startsWith("TOTAL,")).findFirst().orElseThrow());
        assertThat(b.get(total + 1)).startsWith("CHANGES,,,,,against version 1: 1 interval(s) changed");
        assertThat(b.get(total + 2))
                .startsWith("2024-06-01T10:00:00Z,-2,0,-0.5,")
                .contains("version 1: consumption 4 kWh, generation 0 kWh, allocated 2 kWh")
                .contains("now: consumption 2 kWh, generation 0 kWh, allocated 1.5 kWh");
        assertThat(b.get(total + 3)).startsWith("TOTAL CHANGE,-2,0,-0.5,");
        var json =
                new ObjectMapper().readTree(dir.resolve("o2/statements/B.json").toFile());
        assertThat(json.get("version").asInt()).isEqualTo(2);
        assertThat(json.get("previous_version").asInt()).isEqualTo(1);
        assertThat(json.get("changes")).hasSize(1);
        assertThat(json.get("changes").get(0).get("before").get("allocated_kWh").asDouble())
                .isEqualTo(2.0);
        assertThat(json.get("changes").get(0).get("after").get("allocated_kWh").asDouble())
                .isEqualTo(1.5);
        // The ledger folder is a store database: a third run after the two CLI processes is version 3.
        assertThat(allocate(
                        "--method",
                        "dynamic",
                        "--meters",
                        m1.toString(),
                        "--ledger",
                        ledger.toString(),
                        "--out",
                        dir.resolve("o3").toString()))
                .isZero();
        assertThat(Files.readString(dir.resolve("o3/statements/B.json"))).contains("\"version\" : 3");
        assertThat(Files.readAllLines(dir.resolve("o1/statements/B.csv"))).noneMatch(l -> l.startsWith("CHANGES"));
    }
}
