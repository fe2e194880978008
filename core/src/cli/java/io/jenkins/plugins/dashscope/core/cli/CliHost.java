package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.batch.BatchHost;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.generation.Generation;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationEvent;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResult;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResults;
import io.jenkins.plugins.dashscope.core.reuse.Reuse;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The CLI as a batch's host: inputs are local files (beside the spec, or of the working folder), a single request
 * goes to the output folder and each variant of a spec to its folder under it, earlier results come from
 * {@code --reuse-from}, delivery is local, progress goes to standard error.
 */
final class CliHost implements BatchHost {

    private final GenerationEngine engine;
    private final ApiKey key;
    private final LocalFiles inputs;
    /** Where the inputs, and the overlays' fonts and logos, are read from. */
    private final Path base;

    private final Path root;
    /** What a single request's images are named; a spec's variants are named {@link Variant#IMAGE_PREFIX}. */
    private final String singlePrefix;

    private final EarlierResults earlier;
    private final PrintStream log;

    CliHost(
            GenerationEngine engine,
            ApiKey key,
            Path base,
            Path root,
            String singlePrefix,
            EarlierResults earlier,
            PrintStream log) {
        this.engine = engine;
        this.key = key;
        this.base = base;
        this.inputs = LocalFiles.anywhere(base);
        this.root = root;
        this.singlePrefix = singlePrefix;
        this.earlier = earlier;
        this.log = log;
    }

    private Output output(Variant item) {
        return item.name() == null
                ? new Output(root, singlePrefix, item.finishing(), base)
                : new Output(root.resolve(item.name()), Variant.IMAGE_PREFIX, item.finishing(), base);
    }

    private void log(Variant item, GenerationEvent event) {
        log.println("[dashscope] " + Variant.logLabel(item.name()) + event.describe());
    }

    @Override
    public Staged stage(int index, Variant item) throws java.io.IOException {
        output(item); // its name and folder are checked before anything is sent
        item.finishing().check(base); // and every overlay: its files, its glyphs, its fit
        return Staged.of(engine.prepare(item.request(), inputs));
    }

    @Override
    public GenerationResult reuse(int index, Variant item, Staged staged) {
        EarlierResult from = earlier.find(staged.prepared().fingerprint()).orElse(null);
        if (from == null) {
            return null;
        }
        try {
            return Reuse.into(from, output(item));
        } catch (DashScopeException e) {
            log(item, new GenerationEvent.NotReused(from.label(), e.getMessage()));
            return null;
        }
    }

    @Override
    public void reserve(int images) {
        // the CLI's only budget is --max-images, which the batch's limit already checked
    }

    @Override
    public Started start(int index, Variant item, Staged staged, Instant deadline) {
        Generation g = engine.generate(key, staged.prepared(), output(item), deadline, e -> log(item, e));
        return new Started(g.result(), g::cancel, g.settled());
    }

    @Override
    public void taken(int index, Variant item, Staged staged, GenerationResult result) {
        log(
                item,
                new GenerationEvent.Reused(
                        result.manifest().reusedFrom(), result.images().size()));
        // nothing was staged beside the spec's own files, so nothing to let go
    }

    @Override
    public void abandon(int index, Staged staged, Throwable why) {
        // nothing was claimed
    }
}
