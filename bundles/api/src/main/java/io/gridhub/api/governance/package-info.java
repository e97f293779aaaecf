/**
 * Governance of policies: a policy change is a proposal that takes effect only after a governance lead who is
 * a different person from the proposer approves it, from its effective date on; every step is in a hash-chained
 * audit log and in the hub's keyed audit trail.
 */
@Version("0.4.0")
@Export
package io.gridhub.api.governance;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
