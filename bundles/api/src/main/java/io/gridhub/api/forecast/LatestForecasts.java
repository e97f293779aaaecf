package io.gridhub.api.forecast;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The newest scheduled forecast per target, as the REST API and the operating loop read them. */
@ProviderType
public interface LatestForecasts {
    /** One entry per target, sorted by target. */
    List<PublishedForecast> latest();
}
