package io.jenkins.plugins.dashscope.core.testing;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.download.DownloadPolicy;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.generation.EngineRuntime;
import io.jenkins.plugins.dashscope.core.generation.EngineSettings;
import io.jenkins.plugins.dashscope.core.generation.Generation;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import io.jenkins.plugins.dashscope.core.generation.GenerationListener;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.SimulatorSettings;
import io.jenkins.plugins.dashscope.core.wait.PollSchedule;
import io.jenkins.plugins.dashscope.core.wait.Retrier;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/**
 * A simulator on loopback and an engine pointed at it, on a millisecond time scale: the vendor's
 * 1 s rate window becomes 100 ms, poll and retry pauses a hundredth of their real length.
 */
public final class SimulatorFixture implements AutoCloseable {

    /** A key no output may ever contain. */
    public static final String KEY = "sk-test-0123456789abcdef-DO-NOT-LEAK";

    public static final double TIME_SCALE = 0.01;
    public static final Duration RATE_WINDOW = Duration.ofMillis(100);

    /**
     * How long the engine waits for an answer: long beyond any answer of the simulator on a busy machine, so
     * only a test that checks a timeout meets one (and sets its own, e.g. {@link #HANG_TIMEOUT}).
     */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The response timeout of a test whose server never answers ({@code Fault.HANG}, which lasts until the
     * fixture closes): long beside a real answer's time, short enough for a suite that runs it many times.
     */
    public static final Duration HANG_TIMEOUT = Duration.ofSeconds(2);

    public final DashScopeSimulator simulator;
    public final ApiKey key = ApiKey.of(KEY);
    public final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
    public final ExecutorService worker = Executors.newFixedThreadPool(2);
    public final Scheduler scheduler = Scheduler.of(timer);
    /** The engine's clock: the machine's, unless a test sets it apart from the simulator's. */
    public final Clock clock;

    public final Retrier retrier;
    /** Shared by every engine of the fixture, as by two builds of one Jenkins. */
    public final EngineRuntime runtime;

    private final EngineSettings engineSettings;
    private GenerationEngine engine;
    private HttpTransport transport;

    public SimulatorFixture() {
        this(UnaryOperator.identity(), UnaryOperator.identity());
    }

    public SimulatorFixture(UnaryOperator<SimulatorSettings> sim, UnaryOperator<EngineSettings> eng) {
        this(sim, eng, Clock.systemUTC());
    }

    /** A fixture whose engine reads {@code engineClock}, e.g. one behind the simulator's (the machine's). */
    public SimulatorFixture(
            UnaryOperator<SimulatorSettings> sim, UnaryOperator<EngineSettings> eng, Clock engineClock) {
        clock = engineClock;
        retrier = new Retrier(scheduler, clock);
        simulator = DashScopeSimulator.start(sim.apply(SimulatorSettings.defaults(KEY)
                .withServiceTime(i -> Duration.ofMillis(40))
                .withLimits(1, 2, RATE_WINDOW)
                .withHangTime(Duration.ofMinutes(5))));
        Endpoint endpoint = new Endpoint(simulator.baseUrl());
        engineSettings = eng.apply(EngineSettings.defaults(endpoint)
                .withHttp(new HttpSettings(Duration.ofSeconds(10), RESPONSE_TIMEOUT, null, HttpSettings.USER_AGENT, 64))
                .withPoll(PollSchedule.defaults().scaled(TIME_SCALE))
                .withRetry(RetrySettings.defaults().scaled(TIME_SCALE))
                .withLookupGrace(Duration.ofMillis(50))
                .withDownloads(DownloadPolicy.forEndpoint(endpoint.baseUrl())));
        runtime = EngineRuntime.on(
                scheduler, clock, worker, new Random(7)::nextDouble, new GateSettings(2, RATE_WINDOW, 1));
    }

    public synchronized GenerationEngine engine() {
        if (engine == null) {
            engine = newEngine(engineSettings);
        }
        return engine;
    }

    /**
     * Prepares a request whose relative image paths resolve in {@code dir} and starts it with this
     * fixture's key, saving into {@code dir/out} as {@code image-N}.
     */
    public Generation generate(
            GenerationRequest request, Path dir, String out, Duration timeout, GenerationListener listener) {
        GenerationEngine e = engine();
        return e.generate(
                key,
                e.prepare(request, dir),
                new Output(dir.resolve(out), "image"),
                clock.instant().plus(timeout),
                listener);
    }

    /** Another engine sharing this fixture's gates and estimator (as two builds of one Jenkins would). */
    public GenerationEngine newEngine(EngineSettings settings) {
        return runtime.engine(settings);
    }

    /** Engine settings that give up on an answer after {@link #HANG_TIMEOUT}: for tests of a server that hangs. */
    public static EngineSettings timingOutOnHangs(EngineSettings settings) {
        return settings.withHttp(settings.http().withResponseTimeout(HANG_TIMEOUT));
    }

    public EngineSettings engineSettings() {
        return engineSettings;
    }

    public synchronized DashScopeClient client() {
        if (transport == null) {
            transport = new HttpTransport(engineSettings.http());
        }
        return new DashScopeClient(transport, engineSettings.endpoint());
    }

    @Override
    public void close() {
        runtime.close();
        if (transport != null) {
            transport.close();
        }
        simulator.close();
        timer.shutdownNow();
        worker.shutdownNow();
    }
}
