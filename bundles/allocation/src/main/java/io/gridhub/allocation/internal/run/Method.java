package io.gridhub.allocation.internal.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The allocation methods: regulated keys (energy and its value) and benefit-sharing methods (savings shares). */
public enum Method {
    STATIC("static", true),
    DYNAMIC("dynamic", true),
    PRIORITY("priority", true),
    CACER("cacer", true),
    ENWG42C("enwg42c", true),
    PROPORTIONAL("proportional", false),
    EQUAL("equal", false),
    SHAPLEY("shapley", false);

    /** The strategies' own version (semantic): bump when a method's results change. */
    public static final String VERSION = "1.0.0";

    private final String id;
    private final boolean key;

    Method(String id, boolean key) {
        this.id = id;
        this.key = key;
    }

    public String id() {
        return id;
    }

    /** A sharing key (allocates energy) rather than a benefit-sharing method (shares savings). */
    public boolean key() {
        return key;
    }

    public static Optional<Method> of(String id) {
        String want =
                id == null ? "" : id.toLowerCase(Locale.ROOT).replace("§", "").replace("-", "");
        return Arrays.stream(values()).filter(m -> m.id.equals(want)).findFirst();
    }

    public static String names() {
        return String.join("|", Arrays.stream(values()).map(Method::id).toList());
    }
}
