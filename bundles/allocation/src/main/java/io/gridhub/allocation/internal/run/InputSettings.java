package io.gridhub.allocation.internal.run;

import io.gridhub.allocation.internal.data.InputLimits;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The input limits of allocation and settlement runs from {@code etc/io.gridhub.allocation.inputs.cfg} (optional:
 * the defaults take a year of 15-minute data for 1,000 members). Every reader of this bundle uses them; the CLI,
 * outside OSGi, runs with the defaults.
 */
@Component(
        service = {},
        immediate = true,
        configurationPid = InputSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = InputSettings.Config.class)
public final class InputSettings {
    static final String PID = "io.gridhub.allocation.inputs";

    @ObjectClassDefinition(
            name = "gridhub allocation input limits",
            description = "How much meter, price and "
                    + "policy input one allocation or settlement may hold; checked before anything is allocated")
    public @interface Config {
        @AttributeDefinition(description = "Meter CSV rows", min = "1")
        long maxRows() default 40_000_000;

        @AttributeDefinition(description = "Intervals per member: (last start - first start) / step + 1", min = "1")
        long maxIntervals() default 1_000_000;

        @AttributeDefinition(description = "Cells of the meter table: intervals x members", min = "1")
        long maxCells() default 40_000_000;

        @AttributeDefinition(
                description =
                        "Cells per meter row read (grids above 100,000 cells): a mostly empty " + "grid is refused",
                min = "1")
        long cellsPerRow() default 10;

        @AttributeDefinition(description = "Price CSV rows", min = "1")
        long maxPriceRows() default 1_000_000;

        @AttributeDefinition(description = "Characters of a policy JSON", min = "1")
        long maxPolicyChars() default 4 << 20;
    }

    @Activate
    public InputSettings(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        InputLimits.use(limits(config));
    }

    static InputLimits limits(Config c) {
        return new InputLimits(
                c.maxRows(), c.maxIntervals(), c.maxCells(), c.cellsPerRow(), c.maxPriceRows(), c.maxPolicyChars());
    }

    @Deactivate
    void deactivate() {
        InputLimits.use(InputLimits.DEFAULTS);
    }
}
