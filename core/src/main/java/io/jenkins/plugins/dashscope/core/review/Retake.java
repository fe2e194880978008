package io.jenkins.plugins.dashscope.core.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.batch.BatchSummary;
import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.catalog.ModelOption;
import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A reviewer's "try again" for one generation: its request once more with a new seed, or with the reviewer's own
 * prompt, into a folder beside the first ({@code hero-en-r1}), never reused from an earlier result. In a set, the
 * new folder is listed in {@code assets.json} beside the variant it retakes, so a review of the set (in Jenkins or
 * with the CLI's {@code --review-file}) covers it.
 */
public final class Retake {

    /** A reviewer's prompt is one field of a web form; the model's own limit is checked as for any request. */
    public static final int MAX_PROMPT = 5000;

    private Retake() {}

    /**
     * The request to send again: {@code seed} replaces the first one's when the model takes a seed (a model that
     * takes none draws anew anyway), and {@code prompt}, when given, replaces its prompt.
     *
     * @throws InvalidRequestException naming {@code prompt} when the reviewer's prompt is too long or holds control
     *     characters other than line breaks and tabs
     */
    public static GenerationRequest request(GenerationRequest first, long seed, String prompt) {
        var b = first.toBuilder();
        boolean takesSeed = ModelCatalog.builtIn()
                .find(first.model() == null ? GenerationRequest.DEFAULT_MODEL : first.model())
                .map(s -> s.supports(ModelOption.SEED))
                .orElse(true);
        if (takesSeed) {
            b.seed(seed);
        }
        if (prompt != null && !prompt.isBlank()) {
            b.prompt(checkedPrompt(prompt));
        }
        return b.build();
    }

    static String checkedPrompt(String prompt) {
        if (prompt.length() > MAX_PROMPT) {
            throw new InvalidRequestException("prompt", "is longer than " + MAX_PROMPT + " characters");
        }
        if (prompt.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidRequestException("prompt", "holds control characters");
        }
        return prompt;
    }

    /** The folder of the {@code n}th retake of the generation in {@code outputDir} (1 for the first). */
    public static String folder(String outputDir, int n) {
        return OutputNames.checkFolder(outputDir + "-r" + n);
    }

    /**
     * Lists a finished retake in its set's {@code assets.json}: a copy of the entry of the variant it retakes, with
     * its own folder, manifest, status and images, and {@code regenerationOf} naming the first. Listing it again
     * (a resumed retake) replaces the earlier line. Nothing is written when {@code root} holds no such variant.
     *
     * @param of     the retaken variant's folder, relative to {@code root}
     * @param folder the retake's folder, relative to {@code root}
     */
    public static void index(Path root, String of, String folder) throws IOException {
        Path file = root.resolve(BatchSummary.INDEX);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        ObjectMapper mapper = Json.newMapper();
        JsonNode index = RunReview.readJson(file);
        if (!(index.path("variants") instanceof ArrayNode variants)) {
            return;
        }
        ObjectNode first = null;
        for (int i = variants.size() - 1; i >= 0; i--) {
            JsonNode v = variants.get(i);
            if (folder.equals(v.path("folder").asText())) {
                variants.remove(i);
            } else if (of.equals(v.path("folder").asText()) && v.isObject()) {
                first = (ObjectNode) v;
            }
        }
        if (first == null) {
            return;
        }
        variants.add(describe(
                first.deepCopy(),
                of,
                folder,
                new ManifestStore().read(root.resolve(folder).resolve(ManifestStore.FILE_NAME))));
        AtomicFiles.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
    }

    private static ObjectNode describe(ObjectNode n, String of, String folder, Manifest m) {
        n.remove(java.util.List.of("error", "reusedFrom", "review"));
        n.put("folder", folder)
                .put("manifest", folder + "/" + ManifestStore.FILE_NAME)
                .put("regenerationOf", of)
                .put("status", m.images().isEmpty() ? "FAILED" : m.failures().isEmpty() ? "SUCCEEDED" : "PARTIAL");
        ArrayNode images = n.putArray("images");
        m.images().forEach(i -> images.add(folder + "/" + i.file()));
        ArrayNode failures = n.putArray("failures");
        m.failures()
                .forEach(f -> failures.addObject()
                        .put("index", f.index())
                        .put("code", f.code())
                        .put("message", f.message()));
        return n;
    }
}
