package io.gridhub.forecast.gbm.internal;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.LearnerRuntime;
import io.gridhub.api.strategy.Strategy;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The learned forecast strategy as an OSGi service: {@link GbmForecaster} with configurable tuning. */
@Component(
        service = {Forecaster.class, Strategy.class},
        configurationPid = LightGbmForecaster.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LightGbmForecaster.Config.class)
public final class LightGbmForecaster implements Forecaster {
    static final String PID = "io.gridhub.forecast.gbm";
    public static final String NAME = "lightgbm";
    public static final String VERSION = "1.2.0";

    @ObjectClassDefinition(name = "gridhub LightGBM forecaster", description = "Quantile gradient boosting")
    public @interface Config {
        @AttributeDefinition(description = "Hours between refits of a target's models", min = "1")
        int refitHours() default 672;

        @AttributeDefinition(description = "Days of history the models train on", min = "7")
        int trainDays() default 1000;

        @AttributeDefinition(description = "Boosting rounds of the P50 model", min = "10")
        int iterations() default 150;

        @AttributeDefinition(description = "Boosting rounds of the P10 and P90 models", min = "10")
        int quantileIterations() default 60;

        @AttributeDefinition(description = "LightGBM threads per training", min = "1")
        int threads() default 1;

        @AttributeDefinition(description = "Learning rate of the boosting", min = "0.001", max = "1")
        double learningRate() default 0.1;

        @AttributeDefinition(description = "Leaves per tree", min = "2")
        int numLeaves() default 31;

        @AttributeDefinition(description = "Load/price: learn the target over its last week's mean")
        boolean normalizeLoad() default false;

        @AttributeDefinition(description = "Load/price: code a public holiday's weekday as a Sunday")
        boolean holidayAsSunday() default false;

        @AttributeDefinition(
                description = "Training rows weigh half as much every this many days back (0: equal)",
                min = "0")
        int recencyHalfLifeDays() default 0;

        @AttributeDefinition(
                description = "PV: the P50's clear-sky index: MODEL (the learned one, shrunk by "
                        + "pvShrink), MEDIAN (of learned, yesterday's and the seasonal climatology's), "
                        + "CLIMATE (reference)")
        GbmForecaster.PvCombine pvCombine() default GbmForecaster.PvCombine.MEDIAN;

        @AttributeDefinition(
                description = "PV, MODEL: weight of the seasonal climatology in the index, 0…1",
                min = "0",
                max = "1")
        double pvShrink() default 0;

        @AttributeDefinition(description = "P50 models per fit, differently seeded, averaged", min = "1")
        int p50Bag() default 1;

        @AttributeDefinition(
                description = "Days before each fit held out to calibrate the P10–P90 band (split-conformal); 0: off",
                min = "0")
        int calibrationDays() default GbmForecaster.Settings.CALIBRATION_DAYS;

        @AttributeDefinition(description = "Load/price: a feature flags school vacations (NSW)")
        boolean schoolHolidays() default false;

        @AttributeDefinition(
                description = "Load: learn the target minus the mean of the same slot over the last 7 days (measured "
                        + "worse on the test seasons, hence off)")
        boolean loadResidual() default false;

        @AttributeDefinition(
                description = "Weather known over the horizon: add cloudiness proxies (dew-point spread, the "
                        + "horizon's range, the change from yesterday)")
        boolean weatherProxies() default false;
    }

    private final GbmForecaster core;

    /** Plain-Java use (tests, the CLI). */
    public LightGbmForecaster(GbmForecaster.Settings settings) {
        this.core = new GbmForecaster(settings);
    }

    @Activate
    public LightGbmForecaster(Config config, @Reference(target = "(runtime=lightgbm)") LearnerRuntime runtime) {
        this(config);
        Natives.use(runtime);
    }

    LightGbmForecaster(Config config) {
        this(new GbmForecaster.Settings(
                Duration.ofHours(config.refitHours()),
                config.trainDays(),
                config.iterations(),
                config.quantileIterations(),
                config.learningRate(),
                config.numLeaves(),
                config.threads(),
                "l1",
                config.normalizeLoad(),
                config.holidayAsSunday(),
                config.recencyHalfLifeDays(),
                config.pvCombine(),
                config.pvShrink(),
                config.p50Bag(),
                config.calibrationDays(),
                config.schoolHolidays(),
                config.loadResidual(),
                config.weatherProxies()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public Forecast forecast(ForecastRequest request) {
        return core.forecast(NAME, request);
    }

    /** Trainings so far. */
    public int fits() {
        return core.fits();
    }

    @Deactivate
    public void close() {
        core.close();
    }
}
