package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import io.gridhub.testkit.Prerequisites;
import io.gridhub.testkit.Waits;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a small file system (an 8 MB tmpfs mounted here) that fills up, then gets its space back: it refuses
 * while it cannot write, then takes and returns samples again without a restart, with every sample acknowledged
 * before still there. Mounting needs root (or CAP_SYS_ADMIN): elsewhere the test is skipped, loudly.
 */
class DiskFullRecoveryTest {
    @TempDir
    Path dir;

    private Path mount;
    private boolean mounted;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private StoreRecovery recovery;
    private EmbeddedDataSource ds;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Files.createDirectories(dir.resolve("small"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        assumeTrue(
                Prerequisites.ofTheMachine(
                        mounted, "a tmpfs of 8 MB the test can mount", "run the build as root, or with CAP_SYS_ADMIN"),
                "cannot mount a small file system");
    }

    @AfterEach
    void unmount() throws Exception {
        background.shutdownNow();
        if (recovery != null) {
            recovery.close();
        }
        if (ds != null) {
            LedgerDatabase.shutdown(StoreRecoveryTest.shutdownSource(ds));
        }
        if (mounted && !run("umount", mount.toString())) {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void theStoreRecoversByItselfWhenTheDiskHasSpaceAgain() throws Exception {
        ds = DerbyStoreTest.dataSource(mount.resolve("db"));
        recovery = new StoreRecovery(ds, Clock.systemUTC(), background, Duration.ofMillis(200), Duration.ofSeconds(1));
        recovery.open();
        List<Sample> acknowledged = new ArrayList<>();
        int second = 0;
        for (int i = 0; i < 5; i++, second += 1_000) {
            append(acknowledged, second);
        }

        Path filler = mount.resolve("filler");
        fill(filler);
        int refused = 0;
        for (int i = 0; i < 2_000 && refused < 3; i++, second += 1_000) {
            if (!append(acknowledged, second)) {
                refused++;
            }
        }
        assertThat(refused).as("appends refused on the full disk").isEqualTo(3);
        // Derby cannot flush its log (XSLA0) and shuts the database: only booting it again brings it back.
        assertThat(recovery.problem()).contains("the database failed");
        System.err.println("disk full: " + acknowledged.size() + " samples acknowledged; " + recovery.problem());

        Files.delete(filler);
        int after = second;
        long started = System.nanoTime();
        Waits.until(
                Duration.ofSeconds(60),
                () -> recovery.problem() == null && append(acknowledged, after),
                "the store takes samples again");
        System.err.println("store writes again " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                + " ms after the space came back; recoveries: " + recovery.recoveries());

        List<Sample> stored = recovery.store()
                .range(StoreRecoveryTest.P, StoreRecoveryTest.T0, StoreRecoveryTest.T0.plusSeconds(after + 10_000));
        assertThat(stored).containsAll(acknowledged);
        assertThat(recovery.recoveries()).isEqualTo(1);
    }

    @Test
    void theJournalOnAFullDiskAcknowledgesOnlyWhatItWroteAndWritesAgainLater() throws Exception {
        SampleJournal journal = new SampleJournal(mount.resolve("journal"), 64L * 1024 * 1024, 256 * 1024);
        List<Sample> acknowledged = new ArrayList<>();
        int second = 0;
        for (int i = 0; i < 3; i++, second += 1_000) {
            acknowledged.addAll(journaled(journal, second));
        }
        Path filler = mount.resolve("filler");
        fill(filler);
        // Room for half a batch: the next write is torn, its first half on disk when it fails.
        try (FileChannel c = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            c.truncate(c.size() - 48 * 1024);
        }
        int refused = 0;
        for (int i = 0; i < 1_000 && refused < 3; i++, second += 1_000) {
            List<Sample> written = journaled(journal, second);
            refused += written.isEmpty() ? 1 : 0;
            acknowledged.addAll(written);
        }
        assertThat(refused).as("appends refused on the full disk").isEqualTo(3);

        Files.delete(filler);
        for (int i = 0; i < 3; i++, second += 1_000) {
            assertThat(journaled(journal, second)).hasSize(1_000);
            acknowledged.addAll(StoreRecoveryTest.samples(second, 1_000));
        }
        journal.close();

        List<Sample> read = new ArrayList<>();
        for (Path segment : journal.seal()) {
            read.addAll(SampleJournal.read(segment));
        }
        assertThat(read).containsExactlyElementsOf(acknowledged);
    }

    /** Journals 1,000 samples from {@code second} on: those acknowledged (all, or none when the write failed). */
    private static List<Sample> journaled(SampleJournal journal, int second) {
        List<Sample> batch = StoreRecoveryTest.samples(second, 1_000);
        try {
            assertThat(journal.append(batch)).isEmpty();
            return batch;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Appends 1,000 samples from {@code second} on; true (and added to {@code acknowledged}) when it committed. */
    private boolean append(List<Sample> acknowledged, int second) {
        List<Sample> batch = StoreRecoveryTest.samples(second, 1_000);
        try {
            recovery.store().append(batch);
        } catch (StoreException e) {
            return false;
        }
        acknowledged.addAll(batch);
        return true;
    }

    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1_000; i++) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            return; // full
        }
        throw new AssertionError("the filler did not fill the file system");
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok) {
                System.err.println(String.join(" ", command) + ": " + out.strip());
            }
            return ok;
        } catch (IOException e) {
            return false;
        }
    }
}
