package io.gridhub.allocation.internal.data;

/**
 * How much meter, price and policy input one run may hold. Checked while reading and before the dense table is
 * allocated, so that a small file cannot ask for years of one-second intervals (a 156-byte CSV once took the hub
 * down with an OutOfMemoryError). The defaults take a year of 15-minute data for 1,000 members (35,040,000 rows
 * and cells).
 *
 * @param maxRows        meter rows (one member, one interval each)
 * @param maxIntervals   intervals per member: (last start − first start) / step + 1
 * @param maxCells       cells of the dense table: intervals × members
 * @param cellsPerRow    at most this many cells per meter row read (at least {@link #SPARSE_FLOOR} cells in all):
 *                       a grid mostly empty is a mistake or an attack, not meter data
 * @param maxPriceRows   rows of a price CSV
 * @param maxPolicyChars characters of a policy JSON
 */
public record InputLimits(
        long maxRows, long maxIntervals, long maxCells, long cellsPerRow, long maxPriceRows, long maxPolicyChars) {
    /** Small grids are never refused for being sparse. */
    public static final long SPARSE_FLOOR = 100_000;

    public static final InputLimits DEFAULTS =
            new InputLimits(40_000_000, 1_000_000, 40_000_000, 10, 1_000_000, 4 << 20);

    /** The limits the hub runs with (its configuration, see InputSettings); the defaults elsewhere. */
    private static volatile InputLimits current = DEFAULTS;

    public static InputLimits current() {
        return current;
    }

    /** Sets the limits every later read uses (the configuration component). */
    public static void use(InputLimits limits) {
        current = limits == null ? DEFAULTS : limits;
    }

    public InputLimits {
        if (maxRows < 1
                || maxIntervals < 1
                || maxCells < 1
                || cellsPerRow < 1
                || maxPriceRows < 1
                || maxPolicyChars < 1) {
            throw new IllegalArgumentException("input limits must be ≥ 1");
        }
    }

    /** Refuses a grid of {@code intervals} × {@code members} read from {@code rows} rows, naming the limit. */
    public void checkGrid(String source, long line, long rows, long intervals, long members, String span)
            throws InputException {
        if (intervals > maxIntervals) {
            throw new InputException(
                    source,
                    line,
                    "the meter data spans " + span + " = " + intervals
                            + " intervals per member, more than the limit of " + maxIntervals + " (maxIntervals): "
                            + "check the timestamps, or split the period");
        }
        long cells = saturated(intervals, members);
        if (cells > maxCells) {
            throw new InputException(
                    source,
                    line,
                    intervals + " intervals × " + members + " members = " + cells + " cells, more than the limit of "
                            + maxCells + " (maxCells): split the period or the members");
        }
        if (cells > SPARSE_FLOOR && cells > saturated(rows, cellsPerRow)) {
            throw new InputException(
                    source,
                    line,
                    intervals + " intervals × " + members + " members = " + cells
                            + " cells from " + rows + " rows: more than " + cellsPerRow
                            + " cells per row (cellsPerRow) "
                            + "means the grid is mostly empty; check the timestamps");
        }
    }

    /** The last guard: whatever the limits say, the dense table must fit the heap this JVM has left. */
    public static void checkHeap(String source, long line, long intervals, long members) throws InputException {
        long cells = saturated(intervals, members);
        if (cells > Integer.MAX_VALUE - 8) {
            throw new InputException(
                    source,
                    line,
                    intervals + " intervals × " + members + " members = " + cells
                            + " cells: more than one table can hold");
        }
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long need = Math.max(0, saturated(cells, 24) + saturated(intervals, 96));
        need = need == 0 && cells > 0 ? Long.MAX_VALUE : need;
        if (need > free / 2) {
            throw new InputException(
                    source,
                    line,
                    intervals + " intervals × " + members + " members would take "
                            + (need >> 20) + " MB, more than half of the " + (free >> 20)
                            + " MB of heap left: split the "
                            + "period or the members, or give the JVM more heap");
        }
    }

    private static long saturated(long a, long b) {
        long r = Math.multiplyHigh(a, b) == 0 ? a * b : Long.MAX_VALUE;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
