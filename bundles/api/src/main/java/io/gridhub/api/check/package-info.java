/** The checks the API's records make on what they are given, written once (required fields, empty defaults). */
@Version("0.1.0")
@Export
package io.gridhub.api.check;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
