package io.gridhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./gridhub …} command line written in the checkout's Markdown (README.md, docs/, the modules' READMEs)
 * names a command that exists, with options that command's help lists: a tool's {@code --help} (and its
 * subcommand's, as in {@code audit verify}), or, for the launcher's own commands ({@code demo}, {@code run}, …), the
 * launcher's {@code ./gridhub help}. And {@code ./gridhub help} names every tool.
 */
class DocumentedCommandsTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern COMMAND = Pattern.compile("\\./gridhub +([a-z][a-z0-9|-]*)([^`]*)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", ".mvn");
    private static String launcherHelp;

    record Use(Path file, int line, String command, List<String> words, List<String> options) {
        @Override
        public String toString() {
            return ROOT.relativize(file) + ":" + line + ": ./gridhub " + command + " " + String.join(" ", options);
        }
    }

    @BeforeAll
    static void launcherHelp() throws Exception {
        Process p = new ProcessBuilder("bash", ROOT.resolve("gridhub").toString(), "help")
                .redirectErrorStream(true)
                .start();
        launcherHelp = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(launcherHelp).isZero();
    }

    @Test
    void theLauncherHelpNamesEveryToolAndNoOther() {
        Matcher m = Pattern.compile("\\./gridhub ([a-z|-]+) …").matcher(launcherHelp);
        assertThat(m.find())
                .as("a './gridhub tool|tool …' line in:%n%s", launcherHelp)
                .isTrue();
        assertThat(new TreeSet<>(Arrays.asList(m.group(1).split("\\|"))))
                .isEqualTo(new TreeSet<>(
                        new CommandLine(new Main()).getSubcommands().keySet()));
    }

    @Test
    void everyDocumentedCommandAndOptionIsInItsHelp() throws IOException {
        List<Use> uses = uses();
        assertThat(uses).as("./gridhub command lines found in the docs").hasSizeGreaterThan(50);
        List<String> wrong = new ArrayList<>();
        for (Use use : uses) {
            for (String command : use.command().split("\\|")) {
                String problem = check(command, use);
                if (problem != null) {
                    wrong.add(use + ": " + problem);
                }
            }
        }
        assertThat(wrong)
                .as("documented commands or options that the help does not list")
                .isEmpty();
    }

    /** Null when the help of {@code command} (and of a subcommand named next, if any) lists every option used. */
    private static String check(String command, Use use) {
        String help;
        CommandLine tool = new CommandLine(new Main()).getSubcommands().get(command);
        if (tool != null) {
            List<String> path = new ArrayList<>(List.of(command));
            for (String word : use.words()) {
                CommandLine sub = tool.getSubcommands().get(word);
                if (sub == null) {
                    break;
                }
                tool = sub;
                path.add(word);
            }
            path.add("--help");
            // A negatable option is listed as --[no-]name: both spellings are documented ones.
            help = toolHelp(path).replaceAll("--\\[no-]([a-z][a-z0-9-]*)", "--$1 --no-$1");
        } else {
            // One of the launcher's own commands: its line(s) in ./gridhub help, up to the next command.
            Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(command) + "( .*)?$(\\n {20,}.*$)*")
                    .matcher(launcherHelp);
            if (!m.find()) {
                return "no command '" + command + "' in ./gridhub help or among the tools";
            }
            help = m.group();
        }
        Set<String> missing = new LinkedHashSet<>();
        for (String option : use.options()) {
            if (!OPTION.matcher(help).results().anyMatch(r -> r.group().equals(option))) {
                missing.add(option);
            }
        }
        return missing.isEmpty() ? null : "not in the help of '" + command + "': " + missing;
    }

    private static String toolHelp(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertThat(rc).as("%s: %s", args, err).isZero();
        return out.toString();
    }

    /** Every ./gridhub command line in the checkout's Markdown files (lines continued by a backslash joined). */
    private static List<Use> uses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> Arrays.stream(ROOT.relativize(p).toString().split("/"))
                            .noneMatch(SKIPPED::contains))
                    .sorted()
                    .toList();
        }
        List<Use> uses = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                int first = i;
                StringBuilder line = new StringBuilder(lines.get(i));
                while (line.toString().endsWith("\\") && i + 1 < lines.size()) {
                    line.setLength(line.length() - 1);
                    line.append(' ').append(lines.get(++i));
                }
                Matcher m = COMMAND.matcher(line);
                while (m.find()) {
                    // Up to a comment or the next command of a shell line (a spaced pipe, &, &&, ;).
                    String rest = m.group(2).replaceFirst("(\\s#|\\s\\|\\s|\\s&|;).*", "");
                    List<String> words = Arrays.stream(rest.trim().split("\\s+"))
                            .takeWhile(w -> w.matches("[a-z][a-z0-9-]*"))
                            .toList();
                    List<String> options = OPTION.matcher(rest)
                            .results()
                            .map(r -> r.group())
                            .distinct()
                            .toList();
                    uses.add(new Use(file, first + 1, m.group(1), words, options));
                }
            }
        }
        return uses;
    }
}
