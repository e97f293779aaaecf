package io.gridhub.platform.lightgbm;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.ml.lightgbm.lightgbmlib;
import org.junit.jupiter.api.Test;

class LightGbmTest {
    @Test
    void loadsOnceAndAnswersAnApiCall() {
        LightGbm.ensureLoaded();
        LightGbm.ensureLoaded();
        // Any C API call proves both libraries are loaded and linked: no error is pending.
        assertThat(lightgbmlib.LGBM_GetLastError()).isNotNull();
        assertThat(LightGbm.folder().resolve("lib_lightgbm.so")).exists();
    }
}
