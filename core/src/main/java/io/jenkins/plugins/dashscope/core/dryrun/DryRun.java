package io.jenkins.plugins.dashscope.core.dryrun;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.generation.EngineRuntime;
import io.jenkins.plugins.dashscope.core.generation.EngineSettings;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationListener;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * One whole generation against a {@link FakeDashScope} started for it: no key, no cost, same validation,
 * waiting, download and manifest as a real run. Serializable so a host can run it where the output
 * folder is (a Jenkins agent), since the fake listens on loopback only.
 *
 * @param outputDir folder relative to the base passed to {@link #runIn}
 */
public record DryRun(
        GenerationRequest request,
        String outputDir,
        String prefix,
        Finishing finishing,
        Duration serviceTime,
        Duration timeout)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public DryRun {
        OutputNames.checkPrefix(prefix);
    }

    /**
     * Runs to the end; throws what a real run would throw.
     *
     * @param base     where {@code outputDir} and the image paths resolve; paths must stay inside it
     * @return the manifest as JSON (image paths relative to the output folder)
     */
    public String runIn(Path base, GenerationListener listener) throws InterruptedException {
        Path dir = OutputNames.resolveWithin(base, outputDir);
        String key = FakeDashScope.throwawayKey("sk-dryrun-");
        try {
            finishing.check(base); // as a real run checks its overlays before paying
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (FakeDashScope fake = FakeDashScope.start(key, serviceTime, prefix);
                EngineRuntime runtime = EngineRuntime.withOwnThreads("dashscope-dryrun", GateSettings.defaults())) {
            GenerationEngine engine = runtime.engine(EngineSettings.defaults(new Endpoint(fake.baseUrl())));
            GenerationResult result = engine.generate(
                            ApiKey.of(key),
                            engine.prepare(request, LocalFiles.within(base)),
                            new Output(dir, prefix, finishing, base),
                            runtime.clock().instant().plus(timeout),
                            listener)
                    .result()
                    .get();
            return new ManifestStore().toJson(result.manifest());
        } catch (ExecutionException e) {
            throw DashScopeException.from(e);
        }
    }
}
