package io.gridhub.forecast.gbm.internal;

import io.gridhub.api.forecast.Forecast;
import io.gridhub.api.forecast.ForecastRequest;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.LearnerRuntime;
import io.gridhub.api.strategy.Strategy;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The learned forecast strategy as an OSGi service: {@link GbmForecaster} with configurable tuning. */
@Component(service = {Forecaster.class, Strategy.class}, configurationPid = LightGbmForecaster.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LightGbmForecaster.Config.class)
public final class LightGbmForecaster implements Forecaster {
    static final String PID = "io.gridhub.forecast.gbm";
    public static final String NAME = "lightgbm";
    public static final String VERSION = "1.0.0";

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
    }

    private final GbmForecaster core;

    /** Plain-Java use (tests, the CLI). */
    public LightGbmForecaster(GbmForecaster.Settings settings) {
        this.core = new GbmForecaster(settings);
    }

    @Activate
    public LightGbmForecaster(Config config,
                              @Reference(target = "(runtime=lightgbm)") LearnerRuntime runtime) {
        this(config);
        Natives.use(runtime);
    }

    LightGbmForecaster(Config config) {
        this(new GbmForecaster.Settings(Duration.ofHours(config.refitHours()), config.trainDays(),
                config.iterations(), config.quantileIterations(), 0.1, 31, config.threads(), "l1"));
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
