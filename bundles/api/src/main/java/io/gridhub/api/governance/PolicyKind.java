package io.gridhub.api.governance;

import io.gridhub.api.model.PolicyRef;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The content check of a kind of governed policy that a bundle other than governance reads: allocation policies
 * are read by the allocation bundle, which registers this service for {@link #ALLOCATION}. Governance asks it
 * before a policy of that kind can be proposed; the kinds governance reads itself (control authority, dispatch
 * policy, strategy activation) need none.
 */
@ConsumerType
public interface PolicyKind {
    /** The kind of a policy that names none. */
    String ALLOCATION = "allocation";

    /** The value of a policy's {@code kind} field this service reads. */
    String kind();

    /**
     * Reads a policy of this kind and returns its id and version; a policy that cannot be proposed is a
     * {@link GovernanceException.Reason#INVALID} whose message names the line and the field.
     */
    PolicyRef check(String policyJson) throws GovernanceException;
}
