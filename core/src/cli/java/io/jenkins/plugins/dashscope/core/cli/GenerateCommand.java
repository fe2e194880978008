package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.batch.BatchOutcome;
import io.jenkins.plugins.dashscope.core.batch.BatchPlan;
import io.jenkins.plugins.dashscope.core.batch.BatchRun;
import io.jenkins.plugins.dashscope.core.batch.BatchSummary;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.common.TextFiles;
import io.jenkins.plugins.dashscope.core.dryrun.FakeDashScope;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.generation.EngineRuntime;
import io.jenkins.plugins.dashscope.core.generation.EngineSettings;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import io.jenkins.plugins.dashscope.core.request.RequestText;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResults;
import io.jenkins.plugins.dashscope.core.spec.AssetSpec;
import io.jenkins.plugins.dashscope.core.spec.SetLimit;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "dashscope-image",
        mixinStandardHelpOptions = true,
        version = "dashscope-image 0.1",
        sortOptions = false,
        description =
                "Generates images with Alibaba Cloud DashScope (Wan, Qwen-Image) and saves them with a manifest.%n"
                        + "The API key comes from DASHSCOPE_API_KEY or --api-key-file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "2:invalid input (nothing sent, or refused by the server as invalid)",
            "3:authentication or permission",
            "4:generation failed (task failed, moderation, no image)",
            "5:timed out",
            "6:partial (some images failed; without --allow-partial)",
            "7:throttled or quota exhausted after retries",
            "1:anything else"
        })
final class GenerateCommand implements Callable<Integer> {

    /** The request options come from the option table; see {@link RequestFlags#addTo}. */
    @Spec
    CommandSpec spec;

    @Mixin
    HistoryFlags history = new HistoryFlags();

    @Mixin
    AccountFlags account = new AccountFlags();

    @Mixin
    ReviewFlags review = new ReviewFlags();

    @Mixin
    UsageFlags usage = new UsageFlags();

    @Mixin
    OverlayFlags overlay = new OverlayFlags();

    @Option(
            names = "--prompt-file",
            order = 1, // right after --prompt
            description = "Read the prompt from a UTF-8 file.")
    Path promptFile;

    @Option(
            names = "--spec",
            order = 90,
            paramLabel = "FILE",
            description = "Generate a set of assets from a YAML or JSON "
                    + "spec (defaults, assets, matrix) instead of one prompt; each variant in its own folder under --out, "
                    + "indexed in assets.json.")
    Path specFile;

    @Option(
            names = "--max-images",
            order = 90,
            paramLabel = "N",
            description =
                    "Refuse, before anything is sent, a " + "generation or spec that would pay for more than N images.")
    Integer maxImages;

    @Option(
            names = "--reuse-from",
            order = 90,
            paramLabel = "DIR",
            description = "Take the images of an earlier, complete "
                    + "result in DIR (its manifest.json or its folders') whose request fingerprint matches, instead of sending "
                    + "and paying again; checked by SHA-256. A spec's reuse: false still generates.")
    Path reuseFrom;

    @Option(
            names = "--prices",
            order = 90,
            paramLabel = "FILE",
            description = "Price per image by model, one "
                    + "'model price currency' per line (e.g. 'wan2.6-t2i 0.20 CNY'), for the usage estimate.")
    Path pricesFile;

    @Option(
            names = "--out",
            order = 100,
            defaultValue = Output.DEFAULT_DIR,
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--name",
            order = 100,
            defaultValue = Output.DEFAULT_PREFIX,
            description = "File name prefix (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--output",
            order = 100,
            paramLabel = "<WxH[,key=value]>",
            description = "Also write each image in this size "
                    + "beside it, e.g. 1200x630 or 1080x1920,fit=contain,background=#ffffff; keys fit (cover, contain), anchor "
                    + "(center, top, top-left...), format (png, jpeg), quality (jpeg, 1..100), background; repeatable.")
    List<String> outputs = new ArrayList<>();

    @Option(
            names = "--contact-sheet",
            order = 100,
            description = "Also write contact-sheet.png with every image, its name, size and seed.")
    boolean contactSheet;

    @Option(
            names = "--timeout",
            order = 100,
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Deadline, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--allow-partial",
            order = 100,
            description = "Exit 0 when some images failed but others were saved.")
    boolean allowPartial;

    @Option(
            names = "--simulate",
            order = 100,
            description = "Run against the embedded DashScope simulator (no key, no cost).")
    boolean simulate;

    @Option(names = "--json", order = 100, description = "Print the manifest as JSON at the end.")
    boolean json;

    /** How long an exiting process waits for the cancel of a PENDING task to be answered. */
    private static final long SETTLE_SECONDS = 5;
    /** Longer than any prompt the models take (a few thousand characters). */
    private static final int MAX_PROMPT_FILE_BYTES = 64 * 1024;

    private static final int MAX_PRICES_BYTES = 64 * 1024;

    private final Map<String, String> env;
    private final PrintStream stdout;
    private final PrintStream stderr;

    GenerateCommand(Map<String, String> env, PrintStream stdout, PrintStream stderr) {
        this.env = env;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() {
        if (review.given()) {
            return review.apply(out, stdout, stderr); // a finished run's review: nothing generated or sent
        }
        if (usage.given()) {
            return usage.print(this::prices, stdout, stderr); // a summary of earlier runs: nothing sent
        }
        FakeDashScope fake = null;
        try (EngineRuntime runtime = EngineRuntime.withOwnThreads("dashscope", account.policy());
                HistoryFlags.Kept kept = history.keep(runtime.estimator(), env, simulate, stderr)) {
            GenerationRequest request = request();
            Finishing finishing = finishing();
            AssetSpec assetSpec = assetSpec(request, finishing);
            CliTarget target = simulate
                    ? CliTarget.simulator(name, stderr)
                    : CliTarget.of(account.region, account.endpoint, account.apiKeyFile, env, System.getProperties());
            fake = target.fake();
            ApiKey key = target.key();
            EngineSettings settings = target.settings();
            GenerationEngine engine = runtime.engine(settings);
            PriceTable prices = prices();
            EarlierResults earlier = reuseFrom == null
                    ? EarlierResults.none()
                    : EarlierResults.scan(reuseFrom.toAbsolutePath().normalize(), "reuseFrom");
            if (assetSpec != null) {
                return runSpec(engine, key, assetSpec, runtime.clock().instant().plus(timeout), earlier, prices);
            }
            return runSingle(runtime, engine, key, request, finishing, earlier, prices);
        } catch (InvalidRequestException e) {
            stderr.println("error: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (ExecutionException e) {
            Throwable unwrapped = DashScopeException.unwrap(e);
            Throwable cause =
                    unwrapped instanceof InvalidRequestException ? unwrapped : DashScopeException.from(unwrapped);
            stderr.println("error: " + cause.getMessage());
            return ExitCodes.of(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("error: interrupted");
            return ExitCodes.OTHER;
        } catch (DashScopeException e) {
            stderr.println("error: " + e.getMessage());
            return ExitCodes.of(e);
        } catch (java.io.IOException e) {
            stderr.println("error: " + e.getMessage());
            return ExitCodes.OTHER;
        } finally {
            if (fake != null) {
                fake.close();
            }
        }
    }

    /** A single request, as a batch of one; SIGTERM or Ctrl-C cancels its task. */
    private int runSingle(
            EngineRuntime runtime,
            GenerationEngine engine,
            ApiKey key,
            GenerationRequest request,
            Finishing finishing,
            EarlierResults earlier,
            PriceTable prices)
            throws InterruptedException, ExecutionException, java.io.IOException {
        // a single request is a batch of one, planned and run as a spec's variants are
        CliHost host = new CliHost(
                engine, key, Path.of("").toAbsolutePath(), out.toAbsolutePath().normalize(), name, earlier, stderr);
        BatchPlan plan = BatchRun.plan(
                host,
                "the request",
                List.of(Variant.single(request, finishing, null)),
                maxImages == null ? SetLimit.NONE : SetLimit.of(maxImages, 0, true),
                true);
        BatchRun.Running running =
                BatchRun.run(host, plan, runtime.clock().instant().plus(timeout));
        // SIGTERM or Ctrl-C: cancel a PENDING task and let the cancel reach the server before exiting
        Thread cancelOnInterrupt = new Thread(() -> {
            running.cancel().run();
            awaitSettled(running);
            runtime.close(); // aborts downloads under way, whose part files are then removed
        });
        Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
        try {
            BatchOutcome only = running.outcomes().get().get(0);
            if (only.failure() != null) {
                throw new ExecutionException(only.failure());
            }
            return new CliReport(stdout, stderr, simulate, json, allowPartial).single(only.result(), prices);
        } finally {
            awaitSettled(running); // after a timeout, the cancel is still on its way: keep the connection
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
    }

    /** Waits a little for a stopped generation's cancel to be answered; the process is ending anyway. */
    private static void awaitSettled(BatchRun.Running running) {
        try {
            running.settled().get(SETTLE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // nothing more to do: the task, if any, is left to the server
        }
    }

    private PriceTable prices() {
        return pricesFile == null
                ? PriceTable.none()
                : PriceTable.parse("prices", TextFiles.read(pricesFile, MAX_PRICES_BYTES, "prices", "--prices"));
    }

    /** The spec to run, or null; a spec takes no request options or finishing flags of its own. */
    private AssetSpec assetSpec(GenerationRequest request, Finishing finishing) {
        if (specFile == null) {
            return null;
        }
        for (RequestOption option : RequestOption.values()) {
            Object v = request.valueOf(option);
            if (v != null && !(v instanceof Map<?, ?> m && m.isEmpty())) {
                throw new InvalidRequestException(
                        "spec", "give " + option.cliFlag() + " in the spec's defaults, not with --spec");
            }
        }
        if (!finishing.isNone()) {
            throw new InvalidRequestException("spec", "give outputs and contactSheet in the spec, not with --spec");
        }
        String text = TextFiles.read(specFile, AssetSpec.MAX_BYTES, "spec", "--spec");
        return AssetSpec.parse(specFile.getFileName().toString(), text);
    }

    private int runSpec(
            GenerationEngine engine,
            ApiKey key,
            AssetSpec assetSpec,
            java.time.Instant deadline,
            EarlierResults earlier,
            PriceTable prices)
            throws InterruptedException, ExecutionException, java.io.IOException {
        Path root = out.toAbsolutePath().normalize();
        CliHost host = new CliHost(
                engine, key, specFile.toAbsolutePath().getParent(), root, Variant.IMAGE_PREFIX, earlier, stderr);
        BatchPlan plan = BatchRun.plan(
                host,
                assetSpec.file(),
                Variant.all(assetSpec, overlay.values()),
                SetLimit.of(maxImages, 0, !simulate),
                reuseFrom != null);
        stderr.println("[dashscope] " + plan.describe(prices, simulate ? "simulated" : null));
        BatchSummary summary =
                new BatchSummary(BatchRun.run(host, plan, deadline).outcomes().get(), simulate);
        Path index;
        try {
            index = summary.writeIndex(root, plan.label());
        } catch (java.io.IOException e) {
            throw OutputNames.notWritable(BatchSummary.INDEX, e);
        }
        for (BatchOutcome o : summary.outcomes()) {
            if (o.result() != null) {
                o.result().images().forEach(img -> stdout.println(img.file()));
                o.result().finishedFiles().forEach(stdout::println);
            }
        }
        summary.incomplete().forEach(why -> stderr.println("warning: " + why));
        stdout.println(index);
        stderr.println("[dashscope] usage: " + summary.usage().describe(prices));
        List<String> incomplete = summary.incomplete();
        if (incomplete.isEmpty()) {
            return ExitCodes.DONE;
        }
        boolean noneCame = summary.outcomes().stream().allMatch(o -> o.result() == null);
        if (noneCame && summary.firstFailure() != null) {
            return ExitCodes.of(summary.firstFailure());
        }
        return allowPartial ? ExitCodes.DONE : ExitCodes.PARTIAL;
    }

    private Finishing finishing() {
        return overlay.finishing(outputs, contactSheet);
    }

    GenerationRequest request() {
        var request = GenerationRequest.builder();
        for (RequestOption option : RequestOption.values()) {
            Object value = spec.findOption(option.cliFlag()).getValue();
            if (option == RequestOption.PARAMETERS && value != null) {
                Map<String, Object> extra = new LinkedHashMap<>();
                ((Map<?, ?>) value)
                        .forEach((k, v) -> extra.put(k.toString(), RequestText.parameterValue(v.toString())));
                value = extra;
            }
            request.set(option, value);
        }
        if (promptFile != null) {
            if (request.build().prompt() != null) {
                throw new InvalidRequestException(
                        RequestOption.PROMPT.field(), "give --prompt or --prompt-file, not both");
            }
            request.set(
                    RequestOption.PROMPT,
                    TextFiles.read(promptFile, MAX_PROMPT_FILE_BYTES, RequestOption.PROMPT.field(), "--prompt-file")
                            .strip());
        }
        return request.build();
    }
}
