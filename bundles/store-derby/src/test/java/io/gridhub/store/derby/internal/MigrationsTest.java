package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void migratesAnEmptyDatabaseOnceAndRecordsTheVersion() throws Exception {
        EmbeddedDataSource ds = DerbyStoreTest.dataSource(dir.resolve("db"));
        Migrations.migrate(ds);
        Migrations.migrate(ds); // a second start finds nothing to do
        List<String> versions = new ArrayList<>();
        try (Connection c = ds.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT \"version\", \"success\" FROM \"gridhub_schema_history\" ORDER BY "
                                + "\"installed_rank\"")) {
            while (rs.next()) {
                assertThat(rs.getBoolean(2)).isTrue();
                versions.add(rs.getString(1));
            }
        }
        assertThat(versions).containsExactly("1", "3", "4", "5");
        DerbyStoreTest.shutdown(ds);
    }

    /** The service file is merged by hand from the two Flyway jars: it must list every plugin of both. */
    @Test
    void mergedFlywayPluginFileListsThePluginsOfBothJars() throws Exception {
        Set<String> expected = new LinkedHashSet<>();
        var urls = getClass().getClassLoader().getResources("META-INF/services/org.flywaydb.core.extensibility.Plugin");
        Path merged = Path.of("src/main/resources/META-INF/services/org.flywaydb.core.extensibility.Plugin");
        while (urls.hasMoreElements()) {
            var url = urls.nextElement();
            if (url.getProtocol().equals("jar")) {
                try (var in = url.openStream()) {
                    for (String line : new String(in.readAllBytes()).split("\\R")) {
                        if (!line.isBlank() && !line.startsWith("#")) {
                            expected.add(line.trim());
                        }
                    }
                }
            }
        }
        assertThat(expected).contains("org.flywaydb.database.derby.DerbyDatabaseType");
        assertThat(Files.readAllLines(merged).stream().map(String::trim).filter(l -> !l.isBlank()))
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
