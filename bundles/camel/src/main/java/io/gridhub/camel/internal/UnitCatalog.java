package io.gridhub.camel.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.measure.IncommensurableException;
import javax.measure.MetricPrefix;
import javax.measure.UnconvertibleException;
import javax.measure.Unit;
import javax.measure.UnitConverter;
import javax.measure.format.MeasurementParseException;
import tech.units.indriya.AbstractUnit;
import tech.units.indriya.format.SimpleUnitFormat;
import tech.units.indriya.unit.BaseUnit;
import tech.units.indriya.unit.UnitDimension;
import tech.units.indriya.unit.Units;

/**
 * Unit symbols as mapping files write them, resolved and converted by Indriya (JSR 385). Indriya parses SI symbols
 * and prefixes itself ({@code W}, {@code kW}, {@code V}, {@code Hz}, {@code m/s}, ...); the symbols added here are
 * the ones energy data uses that it does not know: watt-hours, var and VA, UCUM's {@code Cel}, degrees Fahrenheit,
 * a euro for prices. Conversions are always Indriya's, never a table of factors.
 */
final class UnitCatalog {
    /** Money as its own dimension, so that EUR/MWh converts to EUR/kWh but never to W. */
    static final Unit<?> EURO = new BaseUnit<>("EUR", UnitDimension.parse('$'));

    private static final SimpleUnitFormat FORMAT = SimpleUnitFormat.getNewInstance();
    private static final Map<String, Unit<?>> CACHE = new ConcurrentHashMap<>();

    static {
        Unit<?> wh = Units.WATT.multiply(Units.HOUR);
        alias(wh, "Wh");
        alias(MetricPrefix.KILO(wh), "kWh");
        alias(MetricPrefix.MEGA(wh), "MWh");
        alias(MetricPrefix.GIGA(wh), "GWh");
        // var and VA have the watt's dimension; only their names differ, as in IEC 60050.
        Unit<?> va = Units.VOLT.multiply(Units.AMPERE);
        alias(va, "VA");
        alias(MetricPrefix.KILO(va), "kVA");
        alias(va, "var");
        alias(MetricPrefix.KILO(va), "kvar");
        alias(va.multiply(Units.HOUR), "varh");
        alias(MetricPrefix.KILO(va.multiply(Units.HOUR)), "kvarh");
        alias(Units.CELSIUS, "Cel");
        alias(Units.CELSIUS, "degC");
        // Rankine is Kelvin × 5/9; Fahrenheit is Rankine with its zero at 459.67 °R.
        alias(Units.KELVIN.multiply(5.0 / 9.0).shift(459.67), "degF");
        alias(Units.KELVIN, "K");
        alias(Units.WATT.divide(Units.SQUARE_METRE), "W/m2");
        alias(Units.KILOMETRE_PER_HOUR, "km/h");
        alias(AbstractUnit.ONE, "1");
        alias(EURO, "EUR");
        alias(EURO.divide(MetricPrefix.KILO(wh)), "EUR/kWh");
        alias(EURO.divide(MetricPrefix.MEGA(wh)), "EUR/MWh");
        alias(Units.PERCENT, "%");
        alias(Units.PERCENT, "pct");
    }

    private UnitCatalog() {}

    private static void alias(Unit<?> unit, String symbol) {
        CACHE.put(symbol, unit);
        try {
            FORMAT.alias(unit, symbol); // so that products such as "EUR/kWh" or "kWh/h" parse too
        } catch (IllegalArgumentException e) {
            // Not an identifier Indriya's format accepts ("W/m2", "%"): known through the cache only.
        }
    }

    /** The unit a symbol names. */
    static Unit<?> unit(String symbol) {
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("no unit given");
        }
        return CACHE.computeIfAbsent(symbol.trim(), s -> {
            try {
                return FORMAT.parse(s);
            } catch (MeasurementParseException | UnsupportedOperationException e) {
                throw new IllegalArgumentException("unknown unit '" + s + "'");
            }
        });
    }

    /** The conversion from one unit to another; fails when they measure different things. */
    static UnitConverter converter(String from, String to) {
        Unit<?> f = unit(from);
        Unit<?> t = unit(to);
        try {
            return f.getConverterToAny(t);
        } catch (IncommensurableException | UnconvertibleException e) {
            throw new IllegalArgumentException("unit '" + from + "' cannot be converted to '" + to + "'");
        }
    }
}
