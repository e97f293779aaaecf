package io.gridhub.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * The rows a command shows, printed as Karaf's own commands print theirs ({@link ShellTable}: headers, aligned
 * columns, {@code --no-format} for scripts). Kept as plain strings so that tests read the rows, not console text.
 */
final class Table {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "" : c instanceof Instant i ? TIME.format(i) : c.toString());
        }
        rows.add(r);
        return this;
    }

    List<String> headers() {
        return headers;
    }

    List<List<String>> rows() {
        return rows;
    }

    void print(PrintStream out, boolean format) {
        ShellTable t = new ShellTable();
        headers.forEach(t::column);
        rows.forEach(r -> t.addRow().addContent(new ArrayList<Object>(r)));
        t.emptyTableText("(none)");
        t.print(out, format);
    }
}
