package io.jenkins.plugins.dashscope.core.reuse;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.PathNames;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The earlier results a run may reuse, by fingerprint; the first one offered for a fingerprint wins. */
public final class EarlierResults {

    /** Deep enough for a spec's folders ({@code out/<variant>/manifest.json}) below the folder given. */
    static final int MAX_DEPTH = 3;
    /** A bound on what a folder of earlier results can make us read. */
    static final int MAX_MANIFESTS = 1000;

    public static final long MAX_MANIFEST_BYTES = 1024 * 1024;

    private final Map<String, EarlierResult> byFingerprint;

    private EarlierResults(Map<String, EarlierResult> byFingerprint) {
        this.byFingerprint = Map.copyOf(byFingerprint);
    }

    public static EarlierResults none() {
        return new EarlierResults(Map.of());
    }

    public static EarlierResults of(Collection<EarlierResult> results) {
        Map<String, EarlierResult> map = new LinkedHashMap<>();
        results.forEach(r -> map.putIfAbsent(r.fingerprint(), r));
        return new EarlierResults(map);
    }

    /**
     * The complete results in {@code dir}: its {@code manifest.json} and those of its folders, a few levels deep.
     * Symbolic links are not followed and a file that is not a readable manifest is passed over.
     *
     * @throws InvalidRequestException naming {@code field} when {@code dir} is not a folder
     */
    public static EarlierResults scan(Path dir, String field) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidRequestException(field, "'" + dir + "' is not a folder");
        }
        ManifestStore store = new ManifestStore();
        List<EarlierResult> found = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
            files.filter(f -> PathNames.name(f).equals(ManifestStore.FILE_NAME))
                    .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .limit(MAX_MANIFESTS)
                    .forEach(f -> read(store, f).ifPresent(m -> {
                        Path folder = PathNames.parent(f);
                        found.add(new EarlierResult(
                                m,
                                dir.relativize(folder).toString().isEmpty() ? dir.toString() : folder.toString(),
                                name -> open(folder, name)));
                    }));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidRequestException(field, "cannot read '" + dir + "': " + e.getMessage());
        }
        return of(found);
    }

    private static Optional<Manifest> read(ManifestStore store, Path file) {
        try {
            if (Files.size(file) > MAX_MANIFEST_BYTES) {
                return Optional.empty();
            }
            Manifest m = store.read(file);
            return m.reusable() ? Optional.of(m) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not one of ours, or damaged: nothing to reuse there
        }
    }

    private static InputStream open(Path folder, String name) throws IOException {
        Path file = folder.resolve(name).normalize();
        if (!folder.normalize().equals(file.getParent()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("'" + name + "' is not a file of " + folder);
        }
        return Files.newInputStream(file);
    }

    public Optional<EarlierResult> find(String fingerprint) {
        return fingerprint == null ? Optional.empty() : Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    public int size() {
        return byFingerprint.size();
    }
}
