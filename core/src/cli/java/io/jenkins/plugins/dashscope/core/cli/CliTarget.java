package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.TextFiles;
import io.jenkins.plugins.dashscope.core.dryrun.FakeDashScope;
import io.jenkins.plugins.dashscope.core.generation.EngineSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Where the CLI's requests go and with which key: the region or endpoint with the key from the environment or a
 * file (and the proxy the environment names), or the simulator of {@code --simulate}.
 *
 * @param fake the simulator to close after the run; null for the real service
 */
record CliTarget(ApiKey key, EngineSettings settings, FakeDashScope fake) {

    private static final int MAX_KEY_FILE_BYTES = 4 * 1024;

    /** The simulator, started on loopback with a throwaway key; its images are named {@code name}. */
    static CliTarget simulator(String name, PrintStream stderr) {
        String simulatedKey = FakeDashScope.throwawayKey("sk-sim-");
        FakeDashScope fake = FakeDashScope.start(simulatedKey, Duration.ofMillis(300), name);
        // on loopback: no proxy; fingerprints name "the simulator", so its images are never reused for real ones
        EngineSettings settings =
                EngineSettings.defaults(new Endpoint(fake.baseUrl())).withScope("simulator");
        stderr.println("[dashscope] Simulator listening at " + settings.endpoint());
        return new CliTarget(ApiKey.of(simulatedKey), settings, fake);
    }

    /** The real service at {@code region} or {@code endpoint}; the key is refused, naming it, before anything runs. */
    static CliTarget of(String region, String endpoint, Path apiKeyFile, Map<String, String> env, Properties system) {
        ApiKey key = apiKey(apiKeyFile, env);
        EngineSettings settings = EngineSettings.defaults(Endpoint.choose(region, endpoint));
        CliProxy.Setup proxy = CliProxy.from(env, system);
        if (proxy != null) {
            settings = settings.withHttp(HttpSettings.defaults().withProxy(proxy.proxy()))
                    .withProxyCredentials(proxy.credentials());
        }
        return new CliTarget(key, settings, null);
    }

    private static ApiKey apiKey(Path apiKeyFile, Map<String, String> env) {
        String value;
        if (apiKeyFile != null) {
            // the first line with text: a BOM or a leading blank line is a common way to save a key
            value = TextFiles.read(apiKeyFile, MAX_KEY_FILE_BYTES, "apiKeyFile", "--api-key-file")
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .findFirst()
                    .orElse("");
        } else {
            value = env.get("DASHSCOPE_API_KEY");
        }
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(
                    "apiKey", "no API key: set DASHSCOPE_API_KEY or give --api-key-file (or use --simulate)");
        }
        try {
            return ApiKey.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("apiKey", e.getMessage());
        }
    }
}
