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
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResult;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResults;
import io.jenkins.plugins.dashscope.core.reuse.Reuse;
import io.jenkins.plugins.dashscope.core.usage.UsageSummary;
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

    private SpecRun() {}

    /**
     * The variants, each validated; the earlier result each will reuse (null where it will be generated); and the
     * images they would pay for, which reused ones do not count toward.
     */
    public record Plan(
            String file,
            List<Variant> variants,
            List<PreparedRequest> prepared,
            List<EarlierResult> reused,
            int images,
            Integer maxImages) {

        /** The images the plan would pay for, by model: what a dry run's estimate prices. */
        public UsageSummary toPay() {
            Map<String, Integer> perModel = new TreeMap<>();
            for (int i = 0; i < prepared.size(); i++) {
                if (reused.get(i) == null) {
                    perModel.merge(
                            prepared.get(i).request().model(),
                            prepared.get(i).request().imageCount(),
                            Integer::sum);
                }
            }
            return UsageSummary.planned(perModel);
        }

        public long reusedCount() {
            return reused.stream().filter(java.util.Objects::nonNull).count();
        }
    }

    /** What became of one variant: its result, or why it has none. */
    public record Outcome(Variant variant, GenerationResult result, Throwable failure) {
        public boolean complete() {
            return result != null && result.failures().isEmpty();
        }
    }

    /**
     * Validates every variant, finds what each may reuse and checks the budget; sends nothing.
     *
     * @param limit     the most images the spec may pay for
     * @param earlier   results a variant may take instead of generating
     * @param reuse     whether variants reuse when the spec does not say
     */
    public static Plan prepare(
            GenerationEngine engine,
            AssetSpec spec,
            LocalFiles files,
            SetLimit limit,
            EarlierResults earlier,
            boolean reuse) {
        List<Variant> variants = Variant.all(spec);
        List<PreparedRequest> prepared = new ArrayList<>();
        List<EarlierResult> reused = new ArrayList<>();
        int images = 0;
        for (Variant v : variants) {
            try {
                PreparedRequest p = engine.prepare(v.request(), files);
                prepared.add(p);
                boolean wanted = v.reuse() != null ? v.reuse() : reuse;
                EarlierResult match = wanted ? earlier.find(p.fingerprint()).orElse(null) : null;
                reused.add(match);
                images += match == null ? p.request().imageCount() : 0;
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException("spec", spec.file() + ": " + v.name() + ": " + e.getMessage());
            }
        }
        limit.check(spec.file(), images, variants.size());
        return new Plan(spec.file(), variants, prepared, reused, images, limit.images());
    }

    /**
     * Starts every variant into {@code root/<variant>}, taking the plan's earlier results where it found them;
     * completes when all have ended, whatever their outcome. A reuse that fails (a file changed) generates
     * instead, if the budget still allows it.
     */
    public static CompletableFuture<List<Outcome>> run(
            GenerationEngine engine,
            ApiKey key,
            Plan plan,
            Path root,
            Instant deadline,
            BiConsumer<String, GenerationEvent> listener) {
        List<CompletableFuture<Outcome>> all = new ArrayList<>();
        int[] budget = {plan.maxImages() == null ? Integer.MAX_VALUE : plan.maxImages() - plan.images()};
        for (int i = 0; i < plan.variants().size(); i++) {
            Variant v = plan.variants().get(i);
            PreparedRequest p = plan.prepared().get(i);
            Output output = new Output(root.resolve(v.name()), PREFIX, v.finishing());
            CompletableFuture<Outcome> outcome;
            try {
                EarlierResult from = plan.reused().get(i);
                if (from != null) {
                    try {
                        GenerationResult r = Reuse.into(from, output);
                        listener.accept(
                                v.name(),
                                new GenerationEvent.Reused(
                                        from.label(), r.images().size()));
                        all.add(CompletableFuture.completedFuture(new Outcome(v, r, null)));
                        continue;
                    } catch (DashScopeException e) {
                        listener.accept(v.name(), new GenerationEvent.NotReused(from.label(), e.getMessage()));
                        int cost = p.request().imageCount();
                        if (cost > budget[0]) {
                            throw new InvalidRequestException(
                                    "maxImages",
                                    "generating it instead would pass the limit of " + plan.maxImages()
                                            + " images; nothing was sent");
                        }
                        budget[0] -= cost;
                    }
                }
                Generation g = engine.generate(key, p, output, deadline, e -> listener.accept(v.name(), e));
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

    /**
     * {@code assets.json}: each variant's folder, status, images, failures (paths relative to the index) and where it
     * was reused from, and per model the images generated (paid for), reused and failed.
     */
    public static byte[] index(String file, List<Outcome> outcomes) throws IOException {
        ObjectMapper mapper = Json.newMapper();
        ObjectNode index = mapper.createObjectNode().put("spec", file);
        ArrayNode variants = index.putArray("variants");
        List<Manifest> manifests = new ArrayList<>();
        for (Outcome o : outcomes) {
            ObjectNode n = variants.addObject()
                    .put("name", o.variant().name())
                    .put("asset", o.variant().asset());
            ObjectNode values = n.putObject("values");
            o.variant().values().forEach(values::put);
            n.put("folder", o.variant().name());
            if (o.result() != null) {
                n.put(
                        "manifest",
                        o.variant().name() + "/" + o.result().manifestFile().getFileName());
                n.put("status", o.complete() ? "SUCCEEDED" : o.result().images().isEmpty() ? "FAILED" : "PARTIAL");
                ArrayNode images = n.putArray("images");
                for (SavedImage img : o.result().images()) {
                    images.add(o.variant().name() + "/" + img.file().getFileName());
                }
                ArrayNode failures = n.putArray("failures");
                o.result()
                        .failures()
                        .forEach(f -> failures.addObject()
                                .put("index", f.index())
                                .put("code", f.code())
                                .put("message", f.message()));
                if (o.result().manifest().reusedFrom() != null) {
                    n.put("reusedFrom", o.result().manifest().reusedFrom());
                }
                manifests.add(o.result().manifest());
            } else {
                n.put("status", "FAILED");
                n.put(
                        "error",
                        o.failure() == null
                                ? "unknown"
                                : String.valueOf(o.failure().getMessage()));
            }
        }
        ObjectNode perModel = index.putObject("usage");
        UsageSummary.of(manifests)
                .perModel()
                .forEach((model, u) -> perModel.putObject(model)
                        .put("images", u.generated() + u.reused())
                        .put("generated", u.generated())
                        .put("reused", u.reused())
                        .put("failed", u.failed()));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(index);
    }
}
