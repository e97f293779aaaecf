package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gridhub.api.driver.ConnectionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ICD with external entities (XXE) is refused before openiec61850, whose parser would resolve them, sees it. */
class SclXxeTest {
    private static final String SECRET = "gridhub-xxe-secret-4711";
    private static final Path ICD = Path.of("../../config/iec61850/pvbat.icd");

    @TempDir
    Path dir;

    private Path icd(String doctype, String header) throws Exception {
        String xml = Files.readString(ICD);
        xml = xml.replaceFirst("\\?>", "?>\n" + doctype);
        xml = xml.replace("nameStructure=\"IEDName\"/>", "nameStructure=\"IEDName\">" + header + "</Header>");
        Path f = dir.resolve("evil.icd");
        Files.writeString(f, xml);
        return f;
    }

    /** Loads the file, capturing what the parsers print: the secret must appear nowhere. */
    private String refused(Path file) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Throwable t;
        try (PrintStream p = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            System.setErr(p);
            t = catchThrowable(() -> SclFiles.load(file.toString(), "pvbat"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(t).isInstanceOf(ConnectionException.class);
        StringBuilder all = new StringBuilder(printed.toString(StandardCharsets.UTF_8));
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
            for (StackTraceElement e : c.getStackTrace()) {
                all.append(e).append('\n');
            }
        }
        assertThat(all.toString()).doesNotContain(SECRET);
        return t.getMessage();
    }

    @Test
    void anExternalEntityPointingAtALocalFileIsRefusedAndNotRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        Path evil = icd("<!DOCTYPE SCL [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>", "<Text>&xxe;</Text>");
        assertThat(refused(evil)).contains("SCL file '" + evil + "' refused at line 2: it declares a DOCTYPE");
    }

    @Test
    void anExternalDtdAndParameterEntitiesAreRefused() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.dtd"), "<!ENTITY leak \"" + SECRET + "\">");
        assertThat(refused(icd("<!DOCTYPE SCL SYSTEM \"" + secret.toUri() + "\">", "<Text>&leak;</Text>")))
                .contains("it declares a DOCTYPE");
        assertThat(refused(icd("<!DOCTYPE SCL [<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]>", "")))
                .contains("it declares a DOCTYPE");
    }

    @Test
    void anInternalEntityBombIsRefusedToo() throws Exception {
        String lol = "<!DOCTYPE SCL [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>";
        assertThat(refused(icd(lol, "<Text>&c;</Text>"))).contains("it declares a DOCTYPE");
    }

    @Test
    void dataTypesThatReferToThemselvesAreRefusedBeforeTheLibraryRecursesIntoThem() throws Exception {
        // Found by SclFuzzTest: openiec61850 followed such a circle until the stack overflowed.
        String icd = Files.readString(ICD)
                .replaceFirst(
                        "<DataTypeTemplates>",
                        "<DataTypeTemplates>"
                                + "<DAType id=\"LoopA\"><BDA name=\"b\" bType=\"Struct\" type=\"LoopB\"/></DAType>"
                                + "<DAType id=\"LoopB\"><BDA name=\"a\" bType=\"Struct\" type=\"LoopA\"/></DAType>");
        Path f = Files.writeString(dir.resolve("cycle.icd"), icd);
        assertThat(refused(f)).contains("refer to themselves (DAType LoopA → DAType LoopB → DAType LoopA)");
    }

    @Test
    void malformedXmlIsAClearConfigurationError() throws Exception {
        Path f = Files.writeString(dir.resolve("broken.icd"), "<?xml version=\"1.0\"?>\n<SCL><Header></SCL>");
        assertThat(refused(f)).contains("SCL file '" + f + "' is not well-formed XML at line 2");
    }

    @Test
    void theExampleIcdStillLoads() throws Exception {
        assertThat(SclFiles.load(ICD.toString(), "pvbat").getChildren()).isNotEmpty();
    }
}
