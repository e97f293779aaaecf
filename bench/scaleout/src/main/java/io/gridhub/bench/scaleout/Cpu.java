package io.gridhub.bench.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU seconds used by processes, from {@code /proc/PID/stat} (user + system time, in clock ticks of 1/100 s as on every
 * Linux the JVM runs on here). A process group is a process and, where asked, its children (PostgreSQL's backends are
 * children of the postmaster; a backend that ends takes its time with it, but the store's pool keeps its connections).
 */
final class Cpu {
    private static final double TICK = 0.01;

    private Cpu() {}

    /** CPU seconds of {@code pid}, plus those of its children when {@code children}; 0 for a process that is gone. */
    static double seconds(long pid, boolean children) {
        double s = ticks(pid) * TICK;
        if (children) {
            for (long child : childrenOf(pid)) {
                s += ticks(child) * TICK;
            }
        }
        return s;
    }

    /** The first process whose command line contains every one of {@code parts}. */
    static Optional<Long> find(String... parts) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        String cmd = read(p.resolve("cmdline")).replace('\0', ' ');
                        for (String part : parts) {
                            if (!cmd.contains(part)) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Long> childrenOf(long parent) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> {
                        String[] f = fields(read(p.resolve("stat")));
                        if (f.length > 1 && f[1].equals(Long.toString(parent))) {
                            out.add(Long.parseLong(p.getFileName().toString()));
                        }
                    });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static long ticks(long pid) {
        String[] f = fields(read(Path.of("/proc", Long.toString(pid), "stat")));
        // After "pid (comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        return f.length > 12 ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : 0;
    }

    /** The fields after the command name in parentheses (which may hold spaces). */
    private static String[] fields(String stat) {
        int close = stat.lastIndexOf(')');
        return close < 0 ? new String[0] : stat.substring(close + 2).trim().split(" ");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return ""; // the process ended meanwhile
        }
    }
}
