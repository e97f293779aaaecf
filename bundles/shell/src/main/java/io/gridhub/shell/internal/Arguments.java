package io.gridhub.shell.internal;

import org.apache.karaf.shell.api.console.CommandLine;

/** What was typed before the argument being completed. */
final class Arguments {
    private Arguments() {}

    /** The {@code index}-th argument after the command (1 = the first), null when not typed yet. */
    static String before(CommandLine line, int index) {
        String[] words = line.getArguments();
        int at = line.getCursorArgumentIndex();
        return index < words.length && index < at ? words[index] : null;
    }
}
