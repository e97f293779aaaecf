package io.gridhub.driver.iec61850.internal;

import com.beanit.openiec61850.ModelNode;
import com.beanit.openiec61850.SclParseException;
import com.beanit.openiec61850.SclParser;
import com.beanit.openiec61850.ServerModel;
import io.gridhub.api.driver.ConnectionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
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
    private SclFiles() {}

    /** The model of one IED in an SCL file: a configuration error naming the file when it does not parse. */
    static ServerModel load(String file, String iedName) throws ConnectionException {
        Path path = Path.of(file);
        List<ServerModel> models;
        try {
            // Read once and checked XXE-safe first: openiec61850's parser resolves entities (see SclFiles).
            byte[] xml = Files.readAllBytes(path);
            SclFiles.check(file, xml);
            models = SclParser.parse(new ByteArrayInputStream(xml));
        } catch (IOException e) {
            throw ConnectionException.configuration("cannot read SCL file '" + file + "': " + IedLink.message(e), e);
        } catch (SclParseException | RuntimeException e) {
            throw ConnectionException.configuration("SCL file '" + file + "' does not parse: " + IedLink.message(e), e);
        }
        if (models.isEmpty()) {
            throw ConnectionException.configuration("SCL file '" + file + "' holds no IED", null);
        }
        if (iedName == null || iedName.isBlank()) {
            return models.get(0);
        }
        // SclParser names logical devices IED name + LD inst; pick the model whose devices start with the name.
        for (ServerModel m : models) {
            for (ModelNode ld : m.getChildren()) {
                if (ld.getName().startsWith(iedName)) {
                    return m;
                }
            }
        }
        throw ConnectionException.configuration("SCL file '" + file + "' has no IED named '" + iedName + "'", null);
    }

    /** Refuses a file that is not well-formed XML or that declares a DOCTYPE; nothing external is read. */
    static void check(String file, byte[] xml) throws ConnectionException {
        DocumentBuilder parser;
        try {
            parser = factory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw ConnectionException.configuration(
                    "SCL file '" + file + "' not read: no XXE-safe XML parser: " + e.getMessage(), e);
        }
        parser.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity '" + systemId + "' refused");
        });
        parser.setErrorHandler(
                new ErrorHandler() { // quiet: the exception carries the message
                    @Override
                    public void warning(SAXParseException e) {}

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
            typeCycles(file, parser.parse(new InputSource(new ByteArrayInputStream(xml))));
        } catch (SAXException e) {
            String m = String.valueOf(e.getMessage());
            String where = e instanceof SAXParseException p ? " at line " + p.getLineNumber() : "";
            if (m.contains("DOCTYPE") || m.contains("external entity")) {
                throw ConnectionException.configuration(
                        "SCL file '" + file + "' refused" + where + ": it declares "
                                + "a DOCTYPE (document type declarations and entities are not accepted in SCL files, "
                                + "so that no external entity is read)",
                        null);
            }
            throw ConnectionException.configuration(
                    "SCL file '" + file + "' is not well-formed XML" + where + ": " + m, null);
        } catch (IOException e) {
            throw ConnectionException.configuration("SCL file '" + file + "' not read: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses data type templates that refer to themselves (a DOType through its SDOs, a DAType through its struct
     * BDAs, directly or round a circle): openiec61850 follows them recursively until the stack overflows.
     */
    static void typeCycles(String file, Document doc) throws ConnectionException {
        Map<String, List<String>> refs = new LinkedHashMap<>(); // document order
        for (String tag : new String[] {"DOType", "DAType"}) {
            NodeList types = doc.getElementsByTagNameNS("*", tag);
            for (int i = 0; i < types.getLength(); i++) {
                Element t = (Element) types.item(i);
                List<String> out = refs.computeIfAbsent(tag + " " + t.getAttribute("id"), k -> new ArrayList<>());
                NodeList children = t.getChildNodes();
                for (int j = 0; j < children.getLength(); j++) {
                    if (!(children.item(j) instanceof Element c)
                            || c.getAttribute("type").isEmpty()) {
                        continue;
                    }
                    String name = c.getLocalName() == null ? c.getTagName() : c.getLocalName();
                    if (name.equals("SDO")) {
                        out.add("DOType " + c.getAttribute("type"));
                    } else if ((name.equals("DA") || name.equals("BDA")) && "Struct".equals(c.getAttribute("bType"))) {
                        out.add("DAType " + c.getAttribute("type"));
                    }
                }
            }
        }
        Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        for (String start : refs.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            String cycle = visit(start, refs, state, path);
            if (cycle != null) {
                throw ConnectionException.configuration(
                        "SCL file '" + file + "' refused: its data type templates " + "refer to themselves (" + cycle
                                + ")",
                        null);
            }
        }
    }

    /** Depth-first with an explicit path; returns the circle found, as text, or null. */
    private static String visit(
            String type, Map<String, List<String>> refs, Map<String, Integer> state, Deque<String> path) {
        Integer s = state.get(type);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null) {
            List<String> circle = new ArrayList<>();
            boolean in = false;
            for (Iterator<String> it = path.descendingIterator(); it.hasNext(); ) {
                String t = it.next();
                in |= t.equals(type);
                if (in) {
                    circle.add(t);
                }
            }
            circle.add(type);
            return String.join(" → ", circle);
        }
        state.put(type, 1);
        path.push(type);
        for (String next : refs.getOrDefault(type, List.of())) {
            String c = visit(next, refs, state, path);
            if (c != null) {
                return c;
            }
        }
        path.pop();
        state.put(type, 2);
        return null;
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
