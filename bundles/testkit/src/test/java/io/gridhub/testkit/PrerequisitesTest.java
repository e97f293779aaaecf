package io.gridhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrerequisitesTest {
    @Test
    void aPresentPrerequisiteRunsTheTestInCiAndElsewhere() {
        assertThat(Prerequisites.available(true, "node", "install Node 20", true))
                .isTrue();
        assertThat(Prerequisites.available(true, "node", "install Node 20", false))
                .isTrue();
    }

    @Test
    void aMissingOneFailsInCiNamingItAndHowToGetIt() {
        assertThatThrownBy(() -> Prerequisites.available(false, "chromium", "apt-get install chromium", true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("chromium is missing (apt-get install chromium)")
                .hasMessageContaining("CI=true");
    }

    @Test
    void aMissingOneElsewhereAnswersFalseForTheCallersAssumption() {
        assertThat(Prerequisites.available(false, "chromium", "apt-get install chromium", false))
                .isFalse();
    }

    @Test
    void whatNoInstallGivesAMachineIsSkippedNeverFailed() {
        assertThat(Prerequisites.ofTheMachine(true, "the shared data folder", "../shared/data"))
                .isTrue();
        assertThat(Prerequisites.ofTheMachine(false, "the shared data folder", "../shared/data"))
                .isFalse();
    }
}
