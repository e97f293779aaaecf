package io.gridhub.forecast.gbm.internal;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;

/**
 * One trained LightGBM booster over LightGBM's C API (its SWIG Java binding). Rows are row-major
 * {@code double[nrow × ncol]}; {@code NaN} is a missing feature, which LightGBM routes natively.
 */
final class Regressor implements AutoCloseable {
    private SWIGTYPE_p_void booster;
    private final int ncol;

    private Regressor(SWIGTYPE_p_void booster, int ncol) {
        this.booster = booster;
        this.ncol = ncol;
    }

    /**
     * A LightGBM dataset (binned features and labels), built once and shared by the boosters trained on it: the
     * binning and the copy into native memory are a large part of a fit. Free it after its boosters.
     */
    static final class Data implements AutoCloseable {
        private SWIGTYPE_p_void handle;
        private final int ncol;

        Data(double[] x, int nrow, int ncol, double[] label, String params) {
            this(x, nrow, ncol, label, null, params);
        }

        /** With per-row training weights ({@code null}: all 1). */
        Data(double[] x, int nrow, int ncol, double[] label, double[] weight, String params) {
            Natives.ensureLoaded();
            this.ncol = ncol;
            SWIGTYPE_p_double data = toNative(x, (long) nrow * ncol);
            SWIGTYPE_p_float labels = lightgbmlib.new_floatArray(nrow);
            SWIGTYPE_p_p_void out = lightgbmlib.voidpp_handle();
            try {
                check(lightgbmlib.LGBM_DatasetCreateFromMat(
                        lightgbmlib.double_to_voidp_ptr(data),
                        lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                        nrow,
                        ncol,
                        1,
                        params,
                        null,
                        out));
                handle = lightgbmlib.voidpp_value(out);
                setField("label", label, labels, nrow);
                if (weight != null) {
                    setField("weight", weight, labels, nrow);
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            } finally {
                lightgbmlib.delete_doubleArray(data);
                lightgbmlib.delete_floatArray(labels);
                lightgbmlib.delete_voidpp(out);
            }
        }

        /** Sets a per-row field of the dataset, passed as floats through {@code buffer} (at least nrow long). */
        private void setField(String field, double[] values, SWIGTYPE_p_float buffer, int nrow) {
            for (int i = 0; i < nrow; i++) {
                lightgbmlib.floatArray_setitem(buffer, i, (float) values[i]);
            }
            check(lightgbmlib.LGBM_DatasetSetField(
                    handle,
                    field,
                    lightgbmlib.float_to_voidp_ptr(buffer),
                    nrow,
                    lightgbmlibConstants.C_API_DTYPE_FLOAT32));
        }

        /** Trains a booster on this dataset with {@code key=value …} parameters. */
        Regressor train(String params, int iterations) {
            SWIGTYPE_p_p_void out = lightgbmlib.voidpp_handle();
            SWIGTYPE_p_int finished = lightgbmlib.new_intp();
            try {
                check(lightgbmlib.LGBM_BoosterCreate(handle, params, out));
                Regressor r = new Regressor(lightgbmlib.voidpp_value(out), ncol);
                try {
                    for (int it = 0; it < iterations; it++) {
                        check(lightgbmlib.LGBM_BoosterUpdateOneIter(r.booster, finished));
                        if (lightgbmlib.intp_value(finished) == 1) {
                            break;
                        }
                    }
                } catch (RuntimeException e) {
                    r.close();
                    throw e;
                }
                return r;
            } finally {
                lightgbmlib.delete_voidpp(out);
                lightgbmlib.delete_intp(finished);
            }
        }

        @Override
        public synchronized void close() {
            if (handle != null) {
                lightgbmlib.LGBM_DatasetFree(handle);
                handle = null;
            }
        }
    }

    /** Predictions for {@code nrow} rows. */
    synchronized double[] predict(double[] x, int nrow) {
        if (booster == null) {
            throw new IllegalStateException("booster is closed");
        }
        SWIGTYPE_p_double data = toNative(x, (long) nrow * ncol);
        SWIGTYPE_p_double out = lightgbmlib.new_doubleArray(nrow);
        SWIGTYPE_p_long_long outLen = lightgbmlib.new_int64_tp();
        try {
            check(lightgbmlib.LGBM_BoosterPredictForMat(
                    booster,
                    lightgbmlib.double_to_voidp_ptr(data),
                    lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                    nrow,
                    ncol,
                    1,
                    lightgbmlibConstants.C_API_PREDICT_NORMAL,
                    0,
                    -1,
                    "num_threads=1",
                    outLen,
                    out));
            double[] y = new double[nrow];
            for (int i = 0; i < nrow; i++) {
                y[i] = lightgbmlib.doubleArray_getitem(out, i);
            }
            return y;
        } finally {
            lightgbmlib.delete_doubleArray(data);
            lightgbmlib.delete_doubleArray(out);
            lightgbmlib.delete_int64_tp(outLen);
        }
    }

    private static SWIGTYPE_p_double toNative(double[] x, long n) {
        SWIGTYPE_p_double data = lightgbmlib.new_doubleArray(n);
        for (long i = 0; i < n; i++) {
            lightgbmlib.doubleArray_setitem(data, i, x[(int) i]);
        }
        return data;
    }

    private static void check(int rc) {
        if (rc != 0) {
            throw new IllegalStateException("LightGBM: " + lightgbmlib.LGBM_GetLastError());
        }
    }

    @Override
    public synchronized void close() {
        if (booster != null) {
            lightgbmlib.LGBM_BoosterFree(booster);
            booster = null;
        }
    }
}
