package io.jenkins.plugins.dashscope.core.wait;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The learned run times kept between runs (the CLI's next run, the controller after a restart) in a small JSON file:
 * per endpoint and model, the recent run times in milliseconds, and nothing else (no key, no prompt, no task id). It
 * is written whole or not at all; a file that is missing, too large or not this format is not used, and a run starts
 * without history as before.
 */
public final class RunTimeHistory {

    /** Far above what the estimator's bounds can write (256 keys of 32 numbers); anything larger is not ours. */
    public static final long MAX_FILE_BYTES = 512 * 1024;

    static final int VERSION = 1;

    private final Path file;

    public RunTimeHistory(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Where the CLI keeps it: {@code $XDG_CACHE_HOME/dashscope-image/run-times.json}, else under
     * {@code ~/.cache}.
     */
    public static Path defaultFile(Map<String, String> env, Path home) {
        String cache = env.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : home.resolve(".cache");
        return base.resolve("dashscope-image").resolve("run-times.json");
    }

    /** Teaches {@code estimator} the saved run times; returns whether there were any to read. */
    public boolean loadInto(ServiceTimeEstimator estimator) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_FILE_BYTES) {
                return false;
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                return false;
            }
            ObjectMapper mapper = Json.newMapper();
            JsonNode root = mapper.readTree(bytes);
            if (root == null
                    || root.path("version").asInt() != VERSION
                    || !root.path("runTimes").isObject()) {
                return false;
            }
            Map<String, List<Long>> saved =
                    mapper.convertValue(root.path("runTimes"), new TypeReference<Map<String, List<Long>>>() {});
            estimator.restore(saved);
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // history only saves queries; a damaged file costs nothing but those
        }
    }

    /** Writes the estimator's run times, replacing the file atomically. */
    public void save(ServiceTimeEstimator estimator) throws IOException {
        ObjectMapper mapper = Json.newMapper();
        var root = mapper.createObjectNode().put("version", VERSION);
        root.set("runTimes", mapper.valueToTree(estimator.snapshot()));
        Files.createDirectories(PathNames.parent(file.toAbsolutePath()));
        AtomicFiles.write(file, mapper.writeValueAsBytes(root));
    }
}
