package org.openmuc.j60870;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.openmuc.j60870.internal.ExtendedDataInputStream;

/**
 * Test access to j60870's own ASDU decoder (package-private in 1.5.0): the bytes after the APCI, read with the
 * default connection settings (COT 2 bytes, common address 2 bytes, IOA 3 bytes), as a connection reads them.
 */
public final class AsduBytes {
    private AsduBytes() {}

    /** The ASDU these bytes hold, or the IOException a connection would close on. */
    public static ASdu decode(byte[] asdu) throws IOException {
        return ASdu.decode(
                new ExtendedDataInputStream(new ByteArrayInputStream(asdu)), new ConnectionSettings(), asdu.length);
    }
}
