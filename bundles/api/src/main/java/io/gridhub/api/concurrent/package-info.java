/** The hub's background threads, made in one place: daemons (they never keep the JVM alive) named for their job. */
@Version("1.0.0")
@Export
package io.gridhub.api.concurrent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
