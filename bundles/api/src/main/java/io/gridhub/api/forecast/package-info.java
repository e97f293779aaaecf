/**
 * Forecast strategies: a target's history, optional exogenous series, issue time and horizon in, P10/P50/P90
 * out. 0.2.0: target name, kind, calendar zone and location in the request; published forecasts.
 */
@Version("0.2.0")
@Export
package io.gridhub.api.forecast;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
