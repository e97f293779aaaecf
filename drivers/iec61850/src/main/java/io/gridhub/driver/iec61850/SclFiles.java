package io.gridhub.driver.iec61850;

import io.gridhub.api.driver.ConnectionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks an SCL (ICD, CID, SCD) file with an XXE-safe parser before openiec61850 reads it. Its {@code SclParser}
 * parses with a default {@code DocumentBuilderFactory} that resolves external entities and DTDs and cannot be
 * configured, so a file with a DOCTYPE could make the hub read local files or fetch URLs: such a file is refused
 * here, and only the bytes checked are handed on. SCL (IEC 61850-6) is plain XML with a schema: it has no use for
 * a DOCTYPE.
 */
final class SclFiles {
    private SclFiles() {
    }

    /** Refuses a file that is not well-formed XML or that declares a DOCTYPE; nothing external is read. */
    static void check(String file, byte[] xml) throws ConnectionException {
        DocumentBuilder parser;
        try {
            parser = factory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw ConnectionException.configuration("SCL file '" + file + "' not read: no XXE-safe XML parser: "
                    + e.getMessage(), e);
        }
        parser.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity '" + systemId + "' refused");
        });
        parser.setErrorHandler(new ErrorHandler() { // quiet: the exception carries the message
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            parser.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXException e) {
            String m = String.valueOf(e.getMessage());
            String where = e instanceof SAXParseException p ? " at line " + p.getLineNumber() : "";
            if (m.contains("DOCTYPE") || m.contains("external entity")) {
                throw ConnectionException.configuration("SCL file '" + file + "' refused" + where + ": it declares "
                        + "a DOCTYPE (document type declarations and entities are not accepted in SCL files, so "
                        + "that no external entity is read)", null);
            }
            throw ConnectionException.configuration("SCL file '" + file + "' is not well-formed XML" + where + ": "
                    + m, null);
        } catch (IOException e) {
            throw ConnectionException.configuration("SCL file '" + file + "' not read: " + e.getMessage(), e);
        }
    }

    static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(true);
        return f;
    }
}
