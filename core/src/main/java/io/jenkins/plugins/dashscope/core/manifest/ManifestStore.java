package io.jenkins.plugins.dashscope.core.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code manifest.json} whole or not at all (temporary file, then rename), and reads it back. */
public final class ManifestStore {

    public static final String FILE_NAME = "manifest.json";

    private final ObjectMapper mapper = Json.newMapper();

    public Path write(Path dir, Manifest manifest) throws IOException {
        Files.createDirectories(dir);
        return AtomicFiles.write(dir.resolve(FILE_NAME), mapper.writeValueAsBytes(manifest));
    }

    public Manifest read(Path file) throws IOException {
        return mapper.readValue(file.toFile(), Manifest.class);
    }

    public Manifest fromJson(String json) throws IOException {
        return mapper.readValue(json, Manifest.class);
    }

    public String toJson(Manifest manifest) {
        try {
            return mapper.writeValueAsString(manifest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
