package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.beanit.openiec61850.BasicDataAttribute;
import com.beanit.openiec61850.BdaInt16;
import com.beanit.openiec61850.BdaInt16U;
import com.beanit.openiec61850.BdaInt32;
import com.beanit.openiec61850.BdaInt32U;
import com.beanit.openiec61850.BdaInt64;
import com.beanit.openiec61850.BdaInt8;
import com.beanit.openiec61850.BdaInt8U;
import com.beanit.openiec61850.BdaVisibleString;
import com.beanit.openiec61850.Fc;
import com.beanit.openiec61850.ObjectReference;
import io.gridhub.api.model.Quality;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Writing and reading back each integer type of IEC 61850, at the edges of its range. */
class ValuesTest {
    private static <T extends BasicDataAttribute> T node(Function<ObjectReference, T> make) {
        return make.apply(new ObjectReference("LD0/GGIO1.Int.stVal"));
    }

    private static void takes(BasicDataAttribute b, double min, double max) {
        assertThat(Values.set(b, min)).isNull();
        assertThat(Values.number(b)).isEqualTo(min);
        assertThat(Values.set(b, max)).isNull();
        assertThat(Values.number(b)).isEqualTo(max);
        String range = "a whole number " + (long) min + ".." + (long) max;
        // The next whole number outside (for 64 bits 2 away: a double holds no odd number beyond 2^53).
        double below = min - Math.max(1, Math.ulp(min));
        double above = max + Math.max(1, Math.ulp(max));
        assertThat(refusal(b, below)).endsWith("takes " + range + ", got " + below);
        assertThat(refusal(b, above)).endsWith("takes " + range + ", got " + above);
        assertThat(refusal(b, 1.5)).contains(range);
        assertThat(Values.number(b)).as("a refused write leaves the value").isEqualTo(max);
    }

    private static String refusal(BasicDataAttribute b, double v) {
        Quality q = Values.set(b, v);
        assertThat(q.reason()).isEqualTo(Quality.Reason.OUT_OF_RANGE);
        return q.detail();
    }

    @Test
    void eachIntegerTypeTakesItsRangeAndRefusesTheRest() {
        takes(node(r -> new BdaInt8(r, Fc.SP, "", false, false)), -128, 127);
        takes(node(r -> new BdaInt16(r, Fc.SP, "", false, false)), -32768, 32767);
        takes(node(r -> new BdaInt32(r, Fc.SP, "", false, false)), Integer.MIN_VALUE, Integer.MAX_VALUE);
        takes(node(r -> new BdaInt64(r, Fc.SP, "", false, false)), -9007199254740992.0, 9007199254740992.0);
        takes(node(r -> new BdaInt8U(r, Fc.SP, "", false, false)), 0, 255);
        takes(node(r -> new BdaInt16U(r, Fc.SP, "", false, false)), 0, 65535);
        takes(node(r -> new BdaInt32U(r, Fc.SP, "", false, false)), 0, 4294967295.0);
    }

    @Test
    void textIsNoNumberAndCannotBeWritten() {
        BdaVisibleString s = node(r -> new BdaVisibleString(r, Fc.SP, "", 255, false, false));

        assertThat(Values.number(s)).isNaN();
        assertThat(Values.set(s, 1).reason()).isEqualTo(Quality.Reason.CONFIGURATION_ERROR);
    }
}
