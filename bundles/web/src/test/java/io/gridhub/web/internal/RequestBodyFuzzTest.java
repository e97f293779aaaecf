package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridhub.allocation.internal.data.AllocationPolicyKind;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.settlement.InvalidInputException;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementInput;
import io.gridhub.api.settlement.SettlementRun;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.governance.internal.FileGovernance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * REST request bodies through the resource functions, as the servlet hands them over: the governance POSTs
 * (propose, approve, reject) on a real {@link FileGovernance}, and the JSON settlement request. Each answers or
 * throws an {@link ApiException} with a 4xx status and a message; a 5xx or any other exception is a finding.
 * Input: byte 0 picks the route, the rest is the body (UTF-8). Seeds in {@code RequestBodyFuzzTestInputs/post}.
 */
class RequestBodyFuzzTest {
    private static final Path DIR;
    private static final Actor PROPOSER =
            new Actor("fuzz-operator", Set.of("operator", Actor.GOVERNANCE_LEAD), "person-1");
    private static final Actor LEAD = new Actor("fuzz-lead", Set.of(Actor.GOVERNANCE_LEAD), "person-2");
    /** Reads what the servlet passes on and refuses, like the service does for input it cannot use. */
    private static final SettlementService SETTLEMENT = new SettlementService() {
        @Override
        public SettlementRun settle(SettlementInput input) throws InvalidInputException {
            assertThat(input.method()).isNotNull();
            assertThat(input.metersCsv()).isNotNull();
            throw new InvalidInputException("fuzz: not settled");
        }

        @Override
        public List<String> methods() {
            return List.of("dynamic");
        }
    };

    private static FileGovernance governance;
    private static int uses;

    static {
        try {
            DIR = Files.createTempDirectory("governance-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        delete();
    }

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void post(byte[] input) throws Exception {
        if (input.length == 0 || input.length > 4096) {
            return;
        }
        String body = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        try {
            Object answer = switch (input[0] & 3) {
                case 0 -> Governance.propose(governance(), body, PROPOSER, q -> null);
                case 1 -> Governance.approve(governance(), "1", body, LEAD);
                case 2 -> Governance.reject(governance(), "1", body, LEAD);
                default -> Settlements.post(SETTLEMENT, null, "application/json", body, q -> null);
            };
            assertThat(answer).isNotNull();
        } catch (ApiException e) {
            assertThat(e.status()).as(e.getMessage()).isBetween(400, 499);
            assertThat(e.getMessage()).isNotBlank();
        } catch (SettlementException e) {
            throw new AssertionError("a settlement request body became a 500: " + e.getMessage(), e);
        }
    }

    /** A fresh governance directory every 500 requests, so the audit file stays small. */
    private static FileGovernance governance() throws GovernanceException, IOException {
        if (governance == null || ++uses % 500 == 0) {
            delete();
            governance = new FileGovernance(
                    DIR,
                    Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC),
                    new AllocationPolicyKind());
        }
        return governance;
    }

    private static void delete() throws IOException {
        if (Files.exists(DIR)) {
            try (Stream<Path> s = Files.walk(DIR)) {
                for (Path p : s.sorted(Comparator.reverseOrder())
                        .filter(p -> !p.equals(DIR))
                        .toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
