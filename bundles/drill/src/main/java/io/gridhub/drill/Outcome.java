package io.gridhub.drill;

import java.util.Map;

/**
 * One solved sample: the power served to each load of the instance per solved step (W, in the instance's load
 * order), the batteries' stored energy at the end of each step (Wh, summed), the exchange at the connection (W, +
 * import), its cost (EUR, energy only) and, from the LP, each feeder's flow (W, + import).
 */
record Outcome(double[][] servedW, double[] storedWh, double[] gridW, double costEur, Map<String, double[]> feederW) {}
