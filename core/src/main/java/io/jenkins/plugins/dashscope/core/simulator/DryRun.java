package io.jenkins.plugins.dashscope.core.simulator;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.download.OutputNames;
import io.jenkins.plugins.dashscope.core.gate.GateRegistry;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.generation.EngineSettings;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationListener;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.generation.OwnThreads;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.LocalFiles;
import io.jenkins.plugins.dashscope.core.wait.ServiceTimeEstimator;
import java.io.Serializable;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One whole generation against a private simulator started for it: no key, no cost, same validation,
 * waiting, download and manifest as a real run. Serializable so a host can run it where the output
 * folder is (a Jenkins agent), since the simulator listens on loopback only.
 *
 * @param outputDir folder relative to the base passed to {@link #runIn}
 */
public record DryRun(GenerationRequest request, String outputDir, String prefix, Duration serviceTime, Duration timeout)
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
        String key = "sk-dryrun-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        Clock clock = Clock.systemUTC();
        try (OwnThreads threads = new OwnThreads("dashscope-dryrun");
                DashScopeSimulator simulator = DashScopeSimulator.start(SimulatorSettings.defaults(key)
                        .withServiceTime(i -> serviceTime));
                GenerationEngine engine = new GenerationEngine(EngineSettings.defaults(new Endpoint(simulator.baseUrl())),
                        new GateRegistry(GateSettings.defaults(), threads.scheduler(), clock), new ServiceTimeEstimator(),
                        threads.scheduler(), clock, threads.worker(), () -> ThreadLocalRandom.current().nextDouble())) {
            GenerationResult result = engine.generate(ApiKey.of(key), engine.prepare(request, LocalFiles.within(base)),
                    new Output(dir, prefix), clock.instant().plus(timeout), listener).result().get();
            return new ManifestStore().toJson(result.manifest());
        } catch (ExecutionException e) {
            throw GenerationEngine.asDashScope(e);
        }
    }
}
