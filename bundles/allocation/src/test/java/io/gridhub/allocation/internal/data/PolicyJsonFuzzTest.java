package io.gridhub.allocation.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridhub.api.allocation.AllocationPolicy;
import java.nio.charset.StandardCharsets;

/**
 * An allocation policy as files, proposals and settlement requests bring it ({@link PolicyJson#read}): a policy,
 * or an {@link InputException} naming the source (and the line where known); never another exception. Seeds in
 * {@code PolicyJsonFuzzTestInputs/read}: the example policies.
 */
class PolicyJsonFuzzTest {
    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void read(byte[] input) {
        if (input.length > 16 * 1024) {
            return;
        }
        String json = new String(input, StandardCharsets.UTF_8);
        AllocationPolicy policy;
        try {
            policy = PolicyJson.read("policy.json", json);
        } catch (InputException e) {
            assertThat(e.getMessage()).startsWith("policy.json");
            return;
        }
        assertThat(policy).isNotNull();
    }
}
