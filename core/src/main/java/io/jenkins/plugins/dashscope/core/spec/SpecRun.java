package io.jenkins.plugins.dashscope.core.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.common.AtomicFiles;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.download.OutputNames;
import io.jenkins.plugins.dashscope.core.download.SavedImage;
import io.jenkins.plugins.dashscope.core.generation.Generation;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationEvent;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.generation.PreparedRequest;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Runs a spec's variants at once, each under the per-key gate like any generation: all are validated (and the
 * budget checked) before the first is sent, one failing does not stop the others, and {@code assets.json}
 * indexes what came out.
 */
public final class SpecRun {

    public static final String INDEX = "assets.json";
    public static final String PREFIX = "image";

    private SpecRun() {
    }

    /** The variants, each validated, and the images they would pay for. */
    public record Plan(String file, List<Variant> variants, List<PreparedRequest> prepared, int images) {
    }

    /** What became of one variant: its result, or why it has none. */
    public record Outcome(Variant variant, GenerationResult result, Throwable failure) {
        public boolean complete() {
            return result != null && result.failures().isEmpty();
        }
    }

    /**
     * Validates every variant and checks the budget; sends nothing.
     *
     * @param maxImages the most images the spec may pay for; null for no limit
     */
    public static Plan prepare(GenerationEngine engine, AssetSpec spec, LocalFiles files, Integer maxImages) {
        List<Variant> variants = Variant.all(spec);
        List<PreparedRequest> prepared = new ArrayList<>();
        int images = 0;
        for (Variant v : variants) {
            try {
                PreparedRequest p = engine.prepare(v.request(), files);
                prepared.add(p);
                images += p.request().imageCount();
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException("spec", spec.file() + ": " + v.name() + ": " + e.getMessage());
            }
        }
        if (maxImages != null && images > maxImages) {
            throw new InvalidRequestException("maxImages", spec.file() + " asks for " + images + " images in "
                    + variants.size() + " variants; the limit is " + maxImages + ". Nothing was sent.");
        }
        return new Plan(spec.file(), variants, prepared, images);
    }

    /** Starts every variant into {@code root/<variant>}; completes when all have ended, whatever their outcome. */
    public static CompletableFuture<List<Outcome>> run(GenerationEngine engine, ApiKey key, Plan plan, Path root,
            Instant deadline, BiConsumer<String, GenerationEvent> listener) {
        List<CompletableFuture<Outcome>> all = new ArrayList<>();
        for (int i = 0; i < plan.variants().size(); i++) {
            Variant v = plan.variants().get(i);
            CompletableFuture<Outcome> outcome;
            try {
                Generation g = engine.generate(key, plan.prepared().get(i), new Output(root.resolve(v.name()), PREFIX,
                        v.finishing()), deadline, e -> listener.accept(v.name(), e));
                outcome = g.result().handle((r, t) -> new Outcome(v, r, t == null ? null : DashScopeException.from(t)));
            } catch (RuntimeException e) {
                outcome = CompletableFuture.completedFuture(new Outcome(v, null, e));
            }
            all.add(outcome);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(x -> all.stream().map(CompletableFuture::join).toList());
    }

    /** Writes {@code assets.json} into {@code root}, whole or not at all. */
    public static Path writeIndex(Path root, String file, List<Outcome> outcomes) throws IOException {
        OutputNames.checkWritable("outputDir", root);
        return AtomicFiles.write(root.resolve(INDEX), index(file, outcomes));
    }

    /** {@code assets.json}: each variant's folder, status, images and failures (paths relative to the index), and images per model. */
    public static byte[] index(String file, List<Outcome> outcomes) throws IOException {
        ObjectMapper mapper = Json.newMapper();
        ObjectNode index = mapper.createObjectNode().put("spec", file);
        ArrayNode variants = index.putArray("variants");
        Map<String, int[]> usage = new TreeMap<>();
        for (Outcome o : outcomes) {
            ObjectNode n = variants.addObject().put("name", o.variant().name()).put("asset", o.variant().asset());
            ObjectNode values = n.putObject("values");
            o.variant().values().forEach(values::put);
            n.put("folder", o.variant().name());
            if (o.result() != null) {
                n.put("manifest", o.variant().name() + "/" + o.result().manifestFile().getFileName());
                n.put("status", o.complete() ? "SUCCEEDED" : o.result().images().isEmpty() ? "FAILED" : "PARTIAL");
                ArrayNode images = n.putArray("images");
                for (SavedImage img : o.result().images()) {
                    images.add(o.variant().name() + "/" + img.file().getFileName());
                }
                ArrayNode failures = n.putArray("failures");
                o.result().failures().forEach(f -> failures.addObject().put("index", f.index()).put("code", f.code())
                        .put("message", f.message()));
                int[] u = usage.computeIfAbsent(o.result().manifest().model(), m -> new int[2]);
                u[0] += o.result().images().size();
                u[1] += o.result().failures().size();
            } else {
                n.put("status", "FAILED");
                n.put("error", o.failure() == null ? "unknown" : String.valueOf(o.failure().getMessage()));
            }
        }
        ObjectNode perModel = index.putObject("usage");
        usage.forEach((model, u) -> perModel.putObject(model).put("images", u[0]).put("failed", u[1]));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
    }
}
