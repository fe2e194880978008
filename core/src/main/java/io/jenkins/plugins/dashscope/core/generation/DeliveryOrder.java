package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.download.ImageDownloader;
import io.jenkins.plugins.dashscope.core.download.OutputNames;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import io.jenkins.plugins.dashscope.core.wait.WaitOutcome;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything another JVM needs to deliver a finished task into a folder of its own: the task, its
 * outcome (result URLs) and the download settings. It holds no API key, so it may travel to a build
 * agent; result URLs are signed for download only.
 *
 * @param outputDir folder relative to the base passed to {@link #deliverInto}
 */
public record DeliveryOrder(SubmittedTask task, WaitOutcome outcome, String outputDir, String prefix, HttpSettings http,
        DownloadPolicy downloads, RetrySettings retry) implements Serializable {

    private static final long serialVersionUID = 1L;

    public DeliveryOrder {
        OutputNames.checkPrefix(prefix);
    }

    /**
     * The same order for a host that must not learn the proxy's password (an agent, unless an administrator
     * allows it): it then reaches the proxy without credentials.
     */
    public DeliveryOrder withoutProxyCredentials() {
        return http.proxy() == null ? this : new DeliveryOrder(task, outcome, outputDir, prefix,
                http.withProxy(http.proxy().withoutCredentials()), downloads, retry);
    }

    /**
     * Delivers with an HTTP client and threads of its own, closed before returning.
     *
     * @return the manifest as JSON (its image paths are relative to the output folder)
     */
    public String deliverInto(Path base) throws InterruptedException {
        Path dir = OutputNames.resolveWithin(base, outputDir);
        try (OwnThreads threads = new OwnThreads("dashscope-delivery");
                HttpTransport transport = HttpTransport.forDownloads(http)) {
            ImageDownloader downloader = new ImageDownloader(transport, downloads, threads.scheduler(), retry,
                    () -> ThreadLocalRandom.current().nextDouble(), threads.worker());
            GenerationResult result = new LocalDelivery(downloader, new Output(dir, prefix), threads.worker())
                    .deliver(task, outcome).get();
            return new ManifestStore().toJson(result.manifest());
        } catch (ExecutionException e) {
            throw GenerationEngine.asDashScope(e);
        }
    }
}
