package io.gridhub.driver.iec61850;

import io.gridhub.api.driver.AddressException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One data attribute (or data object) of the server's model: {@code LD/LN.DO[.DA…][FC]}, e.g.
 * {@code pvbatLD0/MMXU1.TotW.mag.f[MX]}, {@code pvbatLD0/MMTR1.TotWh.actVal[ST]} or, for a control,
 * {@code pvbatLD0/GGIO1.SPCSO1[CO]}. A data object without an attribute reads its main value ({@code mag.f},
 * {@code stVal}, {@code actVal}, {@code setMag.f}, {@code cVal.mag.f}, …).
 *
 * @param reference the object reference, {@code LD/LN.DO[.DA…]}
 * @param fc        the functional constraint, upper case ({@code MX}, {@code ST}, {@code CO}, {@code SP}, …)
 */
public record Iec61850Address(String reference, String fc) {
    /** The functional constraints an address may name (reports and logs have their own services). */
    static final Set<String> FCS = Set.of("ST", "MX", "SP", "SV", "CF", "DC", "SG", "SE", "SR", "OR", "BL", "EX", "CO");

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern LD = Pattern.compile("[A-Za-z0-9_]{1,64}");

    public static Iec61850Address parse(String text) throws AddressException {
        if (text == null || text.isBlank()) {
            throw new AddressException(
                    String.valueOf(text), "empty; expected LD/LN.DO[.DA][FC], e.g. " + "ied1LD0/MMXU1.TotW.mag.f[MX]");
        }
        String t = text.trim();
        int open = t.lastIndexOf('[');
        if (open < 0 || !t.endsWith("]")) {
            throw new AddressException(
                    text,
                    "no functional constraint: expected LD/LN.DO[.DA][FC], e.g. " + "ied1LD0/MMXU1.TotW.mag.f[MX]");
        }
        String fc = t.substring(open + 1, t.length() - 1).trim().toUpperCase(Locale.ROOT);
        if (!FCS.contains(fc)) {
            throw new AddressException(
                    text,
                    "unknown functional constraint '" + fc + "'; one of " + String.join(", ", new TreeSet<>(FCS)));
        }
        String ref = t.substring(0, open).trim();
        int slash = ref.indexOf('/');
        if (slash < 1 || ref.indexOf('/', slash + 1) >= 0) {
            throw new AddressException(
                    text,
                    "expected one '/' between the logical device and the logical node, "
                            + "e.g. ied1LD0/MMXU1.TotW.mag.f[MX]");
        }
        if (!LD.matcher(ref.substring(0, slash)).matches()) {
            throw new AddressException(
                    text, "logical device '" + ref.substring(0, slash) + "' is not a name (letters, digits, _)");
        }
        String[] parts = ref.substring(slash + 1).split("\\.", -1);
        if (parts.length < 2) {
            throw new AddressException(text, "no data object after logical node '" + parts[0] + "', e.g. MMXU1.TotW");
        }
        for (String p : parts) {
            if (!NAME.matcher(p).matches()) {
                throw new AddressException(text, "'" + p + "' is not a node name (a letter, then letters, digits, _)");
            }
        }
        return new Iec61850Address(ref, fc);
    }

    /** The logical device, e.g. {@code pvbatLD0}. */
    public String logicalDevice() {
        return reference.substring(0, reference.indexOf('/'));
    }

    /** The reference of the data object (the logical node's child), e.g. {@code pvbatLD0/MMXU1.TotW}. */
    public String dataObject() {
        int first = reference.indexOf('.');
        int second = reference.indexOf('.', first + 1);
        return second < 0 ? reference : reference.substring(0, second);
    }

    @Override
    public String toString() {
        return reference + "[" + fc + "]";
    }
}
