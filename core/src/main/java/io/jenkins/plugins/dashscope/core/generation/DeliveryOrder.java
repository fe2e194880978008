package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.ProxyCredentials;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import io.jenkins.plugins.dashscope.core.wait.WaitOutcome;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Everything needed to deliver a finished task: the task, its outcome (result URLs, at most as many as were
 * asked for) and the download settings. It holds no API key and no proxy password, so it may travel to a build
 * agent; result URLs are signed for download only.
 *
 * @param deadline the generation's: downloads, retries included, end by then
 */
public record DeliveryOrder(
        SubmittedTask task,
        WaitOutcome outcome,
        HttpSettings http,
        DownloadPolicy downloads,
        RetrySettings retry,
        Instant deadline)
        implements Serializable {

    private static final long serialVersionUID = 3L;

    /**
     * Delivers into {@code base/outputDir} with a runtime of its own, closed before returning, and makes what
     * {@code finishing} asks for from the images.
     *
     * @param credentials for the proxy, if the host was given them; null to use it without
     * @return the manifest as JSON (its image paths are relative to the output folder)
     */
    public String deliverInto(
            Path base, String outputDir, String prefix, Finishing finishing, ProxyCredentials credentials)
            throws InterruptedException {
        Output output = new Output(OutputNames.resolveWithin(base, outputDir), prefix, finishing, base);
        try (EngineRuntime runtime = EngineRuntime.withOwnThreads("dashscope-delivery", GateSettings.defaults())) {
            CompletableFuture<GenerationResult> delivery =
                    new LocalDelivery(runtime, output, credentials).deliver(this);
            try {
                return new ManifestStore().toJson(delivery.get().manifest());
            } catch (InterruptedException e) {
                delivery.cancel(true); // the build was aborted: its downloads stop and leave no part file
                throw e;
            }
        } catch (ExecutionException e) {
            throw DashScopeException.from(e);
        }
    }
}
