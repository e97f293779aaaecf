package io.gridhub.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.model.Asset;
import io.gridhub.api.model.Community;
import io.gridhub.api.model.Member;
import io.gridhub.api.model.Site;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the community definitions (JSON files) and registers every asset's standard points. A file that does
 * not parse or validate is refused with its name and what is wrong; the last good definition stays in force.
 * Files are re-read when they change. Immediate: the community's points are registered (and its file watched) as
 * soon as the bundle starts, not when a first consumer asks; the driver host waits for it too.
 */
@Component(
        service = TopologyProvider.class,
        immediate = true,
        configurationPid = TopologyService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TopologyService.Config.class)
public final class TopologyService implements TopologyProvider {
    static final String PID = "io.gridhub.core.topology";
    private static final Logger LOG = LoggerFactory.getLogger(TopologyService.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    @ObjectClassDefinition(name = "gridhub community topology", description = "Community definition files")
    public @interface Config {
        @AttributeDefinition(description = "Community definition files (JSON), one community each")
        String[] files() default {};

        @AttributeDefinition(description = "Seconds between checks for changed files; 0 disables reloading")
        int reloadSeconds() default 5;
    }

    private final PointRegistry registry;
    private final Map<Path, Loaded> loaded = new LinkedHashMap<>();
    private ScheduledExecutorService watcher;

    private record Loaded(Community community, FileTime modified) {}

    @Activate
    public TopologyService(@Reference PointRegistry registry, Config config) {
        this.registry = registry;
        apply(config);
    }

    @Modified
    void modified(Config config) {
        apply(config);
    }

    private synchronized void apply(Config config) {
        stopWatcher();
        loaded.keySet().retainAll(paths(config));
        for (Path p : paths(config)) {
            reload(p);
        }
        if (config.reloadSeconds() > 0 && config.files().length > 0) {
            watcher = Daemons.scheduler("gridhub-topology-watch");
            watcher.scheduleWithFixedDelay(
                    this::reloadChanged, config.reloadSeconds(), config.reloadSeconds(), TimeUnit.SECONDS);
        }
    }

    private static List<Path> paths(Config config) {
        List<Path> paths = new ArrayList<>();
        for (String f : config.files()) {
            if (!f.isBlank()) {
                paths.add(Path.of(f.trim()));
            }
        }
        return paths;
    }

    private synchronized void reloadChanged() {
        for (Path p : List.copyOf(loaded.keySet())) {
            try {
                Loaded l = loaded.get(p);
                if (l == null || !Files.getLastModifiedTime(p).equals(l.modified())) {
                    reload(p);
                }
            } catch (IOException e) {
                LOG.debug("cannot stat {}", p, e);
            }
        }
    }

    private void reload(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Community c = parse(file);
            register(c);
            loaded.put(file, new Loaded(c, modified));
            LOG.info(
                    "community {} loaded from {}: {} members",
                    c.id(),
                    file,
                    c.members().size());
        } catch (TopologyException | IOException e) {
            Loaded last = loaded.get(file);
            LOG.warn(
                    "{}{}",
                    e.getMessage(),
                    last == null
                            ? ""
                            : "; keeping the last good definition of "
                                    + last.community().id());
            if (last == null) {
                // Remember the file so that a later fix is picked up by the watcher.
                loaded.put(file, null);
            } else {
                loaded.put(file, new Loaded(last.community(), safeModified(file)));
            }
        }
    }

    private static FileTime safeModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Parses and validates one community file; the message names the file and where it went wrong. */
    static Community parse(Path file) throws TopologyException {
        try {
            return JSON.readValue(file.toFile(), Community.class);
        } catch (JsonProcessingException e) {
            throw new TopologyException("community file " + file + " refused" + JsonFiles.describe(e), e);
        } catch (IOException e) {
            throw new TopologyException("community file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void register(Community c) {
        c.sharedAssets().forEach(a -> registerAsset(c, a));
        for (Member m : c.members()) {
            for (Site s : m.sites()) {
                s.assets().forEach(a -> registerAsset(c, a));
            }
        }
    }

    private void registerAsset(Community c, Asset a) {
        StandardPoints.of(c.id(), a).forEach(registry::register);
    }

    @Override
    public synchronized List<Community> communities() {
        return loaded.values().stream()
                .filter(l -> l != null)
                .map(Loaded::community)
                .toList();
    }

    @Deactivate
    synchronized void deactivate() {
        stopWatcher();
    }

    private void stopWatcher() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

    /** A community file that cannot be used, with the reason. */
    static final class TopologyException extends Exception {
        private static final long serialVersionUID = 1L;

        TopologyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
