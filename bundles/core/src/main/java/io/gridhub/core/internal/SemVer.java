package io.gridhub.core.internal;

/**
 * Orders version strings numerically part by part ({@code 1.10.0 > 1.9.2}); a qualifier ({@code 1.0.0-rc1})
 * sorts before the release. Enough to pick the newest strategy; not a general version parser.
 */
record SemVer(String text) implements Comparable<SemVer> {
    @Override
    public int compareTo(SemVer o) {
        String[] a = core(text).split("\\.");
        String[] b = core(o.text).split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int c = Long.compare(part(a, i), part(b, i));
            if (c != 0) {
                return c;
            }
        }
        boolean qa = text.contains("-");
        boolean qb = o.text.contains("-");
        return qa == qb ? 0 : qa ? -1 : 1;
    }

    private static String core(String v) {
        int dash = v.indexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }

    private static long part(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        try {
            return Long.parseLong(parts[i].trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
