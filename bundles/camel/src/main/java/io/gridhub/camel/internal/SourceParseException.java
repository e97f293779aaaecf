package io.gridhub.camel.internal;

import java.util.List;

/**
 * A file or pushed body that is refused, with every problem found: "line 12: 'abc' in column price is not a
 * number". The report written next to a rejected file lists them.
 */
final class SourceParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    SourceParseException(String summary, List<String> problems) {
        super(summary
                + (problems.isEmpty()
                        ? ""
                        : ": " + problems.get(0)
                                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
