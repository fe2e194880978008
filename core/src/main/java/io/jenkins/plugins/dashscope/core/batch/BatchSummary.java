package io.jenkins.plugins.dashscope.core.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.usage.UsageSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a batch made, once for every host: the items not complete, the usage, and the {@code assets.json} index.
 *
 * @param simulated the batch ran against the simulator (a dry run): its images are counted as simulated, not paid
 */
public record BatchSummary(List<BatchOutcome> outcomes, boolean simulated) {

    public static final String INDEX = "assets.json";

    public BatchSummary {
        outcomes = List.copyOf(outcomes);
    }

    /** A real batch's summary. */
    public BatchSummary(List<BatchOutcome> outcomes) {
        this(outcomes, false);
    }

    /** Why each item that is not complete is not, in the batch's order. */
    public List<String> incomplete() {
        return outcomes.stream()
                .map(BatchOutcome::incompleteReason)
                .filter(Objects::nonNull)
                .toList();
    }

    /** The images generated (paid for), reused, simulated and failed, by model. */
    public UsageSummary usage() {
        return UsageSummary.of(
                outcomes.stream()
                        .filter(o -> o.result() != null)
                        .map(o -> o.result().manifest())
                        .toList(),
                simulated);
    }

    /** The first failure of an item that has no result at all, or null: what a host reports when all failed. */
    public Throwable firstFailure() {
        return outcomes.stream()
                .map(BatchOutcome::failure)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /** Writes {@code assets.json} into {@code root}, whole or not at all. */
    public Path writeIndex(Path root, String file) throws IOException {
        OutputNames.checkWritable("outputDir", root);
        return AtomicFiles.write(root.resolve(INDEX), index(file));
    }

    /**
     * {@code assets.json}: each item's folder, status, images, failures (paths relative to the index) and where it
     * was reused from, and per model the images generated (paid for), reused and failed.
     */
    public byte[] index(String file) throws IOException {
        ObjectMapper mapper = Json.newMapper();
        ObjectNode index = mapper.createObjectNode().put("spec", file);
        ArrayNode variants = index.putArray("variants");
        for (BatchOutcome o : outcomes) {
            describe(variants.addObject(), o);
        }
        ObjectNode perModel = index.putObject("usage");
        usage().perModel()
                .forEach((model, u) -> perModel.putObject(model)
                        .put("images", u.generated() + u.reused() + u.simulated())
                        .put("generated", u.generated())
                        .put("reused", u.reused())
                        .put("simulated", u.simulated())
                        .put("failed", u.failed()));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
    }

    private static void describe(ObjectNode n, BatchOutcome o) {
        String name = o.item().name();
        n.put("name", name).put("asset", o.item().asset());
        ObjectNode values = n.putObject("values");
        o.item().values().forEach(values::put);
        n.put("folder", name);
        if (o.result() == null) {
            n.put("status", "FAILED");
            n.put(
                    "error",
                    o.failure() == null ? "unknown" : String.valueOf(o.failure().getMessage()));
            return;
        }
        n.put("manifest", name + "/" + o.result().manifestFile().getFileName());
        n.put(
                "status",
                o.complete()
                        ? "SUCCEEDED"
                        : o.failure() != null || o.result().images().isEmpty() ? "FAILED" : "PARTIAL");
        if (o.failure() != null) {
            n.put("error", String.valueOf(o.failure().getMessage()));
        }
        ArrayNode images = n.putArray("images");
        for (SavedImage img : o.result().images()) {
            images.add(name + "/" + img.file().getFileName());
        }
        ArrayNode failures = n.putArray("failures");
        o.result()
                .failures()
                .forEach(f -> failures.addObject()
                        .put("index", f.index())
                        .put("code", f.code())
                        .put("message", f.message()));
        Manifest m = o.result().manifest();
        if (m.reusedFrom() != null) {
            n.put("reusedFrom", m.reusedFrom());
        }
    }
}
