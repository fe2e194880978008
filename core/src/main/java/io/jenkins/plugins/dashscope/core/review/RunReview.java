package io.jenkins.plugins.dashscope.core.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.batch.BatchSummary;
import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.reuse.VerifiedCopy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies reviewers' decisions to a finished run's folder (one generation's {@code manifest.json}, or a set's
 * {@code assets.json} and its variants' folders): each decision is added to its image's manifest (who, when, what,
 * why), {@code approved/} is made to hold exactly the images whose last decision approved them (copied, and only if
 * still the bytes the manifest recorded), and {@code assets.json} lists each variant's approved and rejected images.
 * Every decision is checked before anything is written; the folder's files are read without following links.
 */
public final class RunReview {

    public static final String APPROVED_FOLDER = "approved";
    private static final long MAX_JSON_BYTES = 4L * 1024 * 1024;
    private static final Pattern VARIANT_MANIFEST =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,127})/" + Pattern.quote(ManifestStore.FILE_NAME));

    /** How one generation stands after the review; {@code folder} is empty for a single generation. */
    public record Standing(String folder, int approved, int rejected, int undecided) {}

    /** A generation of the run: its folder relative to the root ("" for one alone), where it is, its manifest. */
    private record Part(String folder, Path dir, Manifest manifest) {}

    private final Path root;
    private final List<Part> parts;
    /** The set's {@code assets.json} as read; null for a single generation. */
    private final JsonNode index;

    private RunReview(Path root, List<Part> parts, JsonNode index) {
        this.root = root;
        this.parts = parts;
        this.index = index;
    }

    /** The run in {@code root}, its manifests read; refused, naming {@code field}, when it holds none. */
    public static RunReview of(String field, Path root) throws IOException {
        Path indexFile = root.resolve(BatchSummary.INDEX);
        List<Part> parts = new ArrayList<>();
        JsonNode index = null;
        if (Files.isRegularFile(indexFile, LinkOption.NOFOLLOW_LINKS)) {
            index = readJson(indexFile);
            for (JsonNode v : index.path("variants")) {
                Matcher m = VARIANT_MANIFEST.matcher(v.path("manifest").asText(""));
                if (m.matches() && !m.group(1).contains("..")) {
                    parts.add(part(m.group(1), root.resolve(m.group(1))));
                }
            }
        } else if (Files.isRegularFile(root.resolve(ManifestStore.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
            parts.add(part("", root));
        }
        if (parts.isEmpty()) {
            throw new InvalidRequestException(
                    field, "'" + root + "' holds no finished run (no assets.json or manifest.json with images)");
        }
        return new RunReview(root, parts, index);
    }

    /**
     * One decision to record.
     *
     * @param image an image of the run, relative to its folder ({@code banner-en/image-1.png})
     */
    public record Decided(String image, Verdict verdict, String reviewer, Instant at, String reason) {}

    /** A decisions file's decisions, all made by its reviewer at {@code now}. */
    public List<Standing> apply(DecisionFile file, Instant now) throws IOException {
        return apply(file.decisions().stream()
                .map(e -> new Decided(e.image(), e.verdict(), file.reviewer(), now, e.reason()))
                .toList());
    }

    /** Adds the decisions, then brings {@code approved/} and {@code assets.json} in line; answers where each stands. */
    public List<Standing> apply(List<Decided> decisions) throws IOException {
        Map<Integer, List<Manifest.ReviewRecord>> added = new LinkedHashMap<>();
        for (int i = 0; i < decisions.size(); i++) {
            Decided d = decisions.get(i);
            int part = partOf("decisions[" + i + "].image", d.image());
            String name = d.image().substring(d.image().lastIndexOf('/') + 1);
            added.computeIfAbsent(part, k -> new ArrayList<>())
                    .add(new Manifest.ReviewRecord(
                            name, d.verdict().name(), d.reviewer(), d.at().toString(), d.reason()));
        }
        ManifestStore store = new ManifestStore();
        for (Map.Entry<Integer, List<Manifest.ReviewRecord>> a : added.entrySet()) {
            Part p = parts.get(a.getKey());
            Part updated = new Part(p.folder(), p.dir(), p.manifest().withReview(a.getValue()));
            store.write(p.dir(), updated.manifest());
            parts.set(a.getKey(), updated);
        }
        List<Standing> standings = new ArrayList<>();
        for (Part p : parts) {
            standings.add(approve(p));
        }
        writeIndex();
        return standings;
    }

    /** The part an image path of the decisions file belongs to; refused when the run has no such image. */
    private int partOf(String field, String image) {
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            for (Manifest.ImageRecord r : p.manifest().images()) {
                if (path(p, r.file()).equals(image)) {
                    return i;
                }
            }
        }
        throw InvalidRequestException.of(field, image, "an image of this run, as 'variant/image-1.png'");
    }

    private static String path(Part p, String file) {
        return p.folder().isEmpty() ? file : p.folder() + "/" + file;
    }

    /** Each image's last decision; approved ones copied into {@code approved/}, the others removed from it. */
    private Standing approve(Part p) throws IOException {
        Map<String, String> last = lastVerdicts(p);
        Path target = folder(root, APPROVED_FOLDER);
        target = p.folder().isEmpty() ? target : folder(target, p.folder());
        int approved = 0;
        int rejected = 0;
        for (Manifest.ImageRecord r : p.manifest().images()) {
            if (!OutputNames.isSavedImageName(r.file())) {
                continue; // not a name this plugin writes: never copied anywhere
            }
            String verdict = last.get(r.file());
            Path copy = target.resolve(r.file());
            if (Verdict.APPROVED.name().equals(verdict)) {
                try (InputStream in = Files.newInputStream(p.dir().resolve(r.file()), LinkOption.NOFOLLOW_LINKS)) {
                    VerifiedCopy.copy(in, r, copy);
                }
                approved++;
            } else {
                Files.deleteIfExists(copy);
                rejected += Verdict.REJECTED.name().equals(verdict) ? 1 : 0;
            }
        }
        return new Standing(
                p.folder(), approved, rejected, p.manifest().images().size() - approved - rejected);
    }

    /** {@code parent/name} as a real folder, made if need be; a link there is refused, never followed. */
    private static Path folder(Path parent, String name) throws IOException {
        Path dir = parent.resolve(name);
        if (Files.isSymbolicLink(dir) || (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir))) {
            throw new IOException("'" + dir + "' is not a folder this review may write");
        }
        return Files.createDirectories(dir);
    }

    /** Lists each variant's approved and rejected images in {@code assets.json}, when the run has one. */
    private void writeIndex() throws IOException {
        if (index == null) {
            return;
        }
        ObjectMapper mapper = Json.newMapper();
        JsonNode json = index.deepCopy();
        for (JsonNode v : json.path("variants")) {
            for (Part p : parts) {
                if (v.isObject() && p.folder().equals(v.path("folder").asText())) {
                    ObjectNode review = ((ObjectNode) v).putObject("review");
                    Map<String, String> last = lastVerdicts(p);
                    var approved = review.putArray("approved");
                    var rejected = review.putArray("rejected");
                    last.forEach((image, verdict) ->
                            (Verdict.APPROVED.name().equals(verdict) ? approved : rejected).add(path(p, image)));
                }
            }
        }
        ((ObjectNode) json).put("approvedFolder", APPROVED_FOLDER);
        AtomicFiles.write(
                root.resolve(BatchSummary.INDEX),
                mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    }

    /** Each image's last verdict, in the order images were first decided on. */
    private static Map<String, String> lastVerdicts(Part p) {
        Map<String, String> last = new LinkedHashMap<>();
        p.manifest().reviewRecords().forEach(r -> last.put(r.image(), r.verdict()));
        return last;
    }

    private static Part part(String folder, Path dir) throws IOException {
        Path file = dir.resolve(ManifestStore.FILE_NAME);
        if (Files.isSymbolicLink(dir) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("'" + file + "' is not a manifest this review may read");
        }
        return new Part(
                folder,
                dir,
                new ManifestStore().fromJson(new String(bounded(file), java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A JSON file of the run, bounded and read without following a link. */
    static JsonNode readJson(Path file) throws IOException {
        return Json.newMapper().readTree(bounded(file));
    }

    private static byte[] bounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new IOException("'" + file + "' is larger than " + MAX_JSON_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
