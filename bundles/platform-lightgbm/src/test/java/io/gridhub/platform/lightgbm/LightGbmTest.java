package io.gridhub.platform.lightgbm;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import org.junit.jupiter.api.Test;

class LightGbmTest {
    @Test
    void loadsOnceAndTheLibraryBuildsADatasetOfTheRowsGiven() {
        LightGbm.ensureLoaded();
        LightGbm.ensureLoaded();
        assertThat(LightGbm.folder().resolve("lib_lightgbm.so")).exists();
        // A real round trip through the C API: 5 rows of 2 columns in, LightGBM counts 5 rows and 2 features.
        int nrow = 5;
        int ncol = 2;
        SWIGTYPE_p_double data = lightgbmlib.new_doubleArray((long) nrow * ncol);
        SWIGTYPE_p_p_void out = lightgbmlib.voidpp_handle();
        SWIGTYPE_p_int count = lightgbmlib.new_intp();
        try {
            for (int i = 0; i < nrow * ncol; i++) {
                lightgbmlib.doubleArray_setitem(data, i, i);
            }
            int rc = lightgbmlib.LGBM_DatasetCreateFromMat(
                    lightgbmlib.double_to_voidp_ptr(data),
                    lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                    nrow,
                    ncol,
                    1,
                    "min_data_in_bin=1 min_data_in_leaf=1 verbosity=-1",
                    null,
                    out);
            assertThat(rc).as(lightgbmlib.LGBM_GetLastError()).isZero();
            try {
                assertThat(lightgbmlib.LGBM_DatasetGetNumData(lightgbmlib.voidpp_value(out), count))
                        .isZero();
                assertThat(lightgbmlib.intp_value(count)).isEqualTo(nrow);
                assertThat(lightgbmlib.LGBM_DatasetGetNumFeature(lightgbmlib.voidpp_value(out), count))
                        .isZero();
                assertThat(lightgbmlib.intp_value(count)).isEqualTo(ncol);
            } finally {
                lightgbmlib.LGBM_DatasetFree(lightgbmlib.voidpp_value(out));
            }
        } finally {
            lightgbmlib.delete_doubleArray(data);
            lightgbmlib.delete_voidpp(out);
            lightgbmlib.delete_intp(count);
        }
    }

    @Test
    void aFailedCallAnswersMinusOneAndSaysWhyInTheLastError() {
        LightGbm.ensureLoaded();
        SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
        SWIGTYPE_p_p_void out = lightgbmlib.voidpp_handle();
        try {
            String missing = "/nonexistent/gridhub-lightgbm-model.txt";
            assertThat(lightgbmlib.LGBM_BoosterCreateFromModelfile(missing, iterations, out))
                    .isEqualTo(-1);
            assertThat(lightgbmlib.LGBM_GetLastError()).contains(missing);
        } finally {
            lightgbmlib.delete_intp(iterations);
            lightgbmlib.delete_voidpp(out);
        }
    }
}
