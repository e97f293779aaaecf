package io.gridhub.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;

/** A command that answers one table: Karaf's aligned columns, or plain ones with {@code --no-format}. */
abstract class TableCommand implements Action {
    @Option(name = "--no-format", description = "plain tab-separated columns, for scripts")
    boolean noFormat;

    @Override
    public Object execute() throws Exception {
        table().print(System.out, !noFormat);
        return null;
    }

    /** How many rows a listing asked for {@code limit} rows shows: 1 to 10,000. */
    static int rows(int limit) {
        return Math.max(1, Math.min(limit, 10_000));
    }

    /** What the command shows. */
    abstract Table table() throws Exception;
}
