package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.client.HttpSettings;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.ProxyCredentials;
import io.jenkins.plugins.dashscope.core.gate.GatePolicy;
import io.jenkins.plugins.dashscope.core.gate.GateRegistry;
import io.jenkins.plugins.dashscope.core.gate.GateSettings;
import io.jenkins.plugins.dashscope.core.wait.Retrier;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import io.jenkins.plugins.dashscope.core.wait.ServiceTimeEstimator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.DoubleSupplier;

/**
 * What every engine of one process shares, made in one place for the CLI, the dry run, a delivery on an
 * agent, the Jenkins controller and the tests: time (scheduler and clock), the worker pool, the gates (so one
 * key has one queue), the learnt service times, the tasks its generations own, and the HTTP connection pools, one per HTTP setting, which
 * engines and deliveries borrow and give back. Closing it closes the pools and threads it made.
 */
public final class EngineRuntime implements AutoCloseable {

    private final Scheduler scheduler;
    private final Clock clock;
    private final Executor worker;
    private final DoubleSupplier random;
    private final GateRegistry gates;
    private final ServiceTimeEstimator estimator = new ServiceTimeEstimator();
    private final Retrier retrier;
    private final TaskClaims claims;
    private final List<ExecutorService> ownThreads;
    private final Map<Pool, Lease> pools = new HashMap<>();
    private boolean closed;

    private EngineRuntime(
            Scheduler scheduler,
            Clock clock,
            Executor worker,
            DoubleSupplier random,
            GatePolicy gates,
            List<ExecutorService> ownThreads) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.worker = worker;
        this.random = random;
        this.gates = new GateRegistry(gates, scheduler, clock);
        this.retrier = new Retrier(scheduler, clock);
        this.claims = new TaskClaims(clock);
        this.ownThreads = ownThreads;
    }

    /**
     * A runtime on threads the host owns (Jenkins' timer and pool; a test's virtual-time scheduler).
     *
     * @param worker runs file work and continuations off the HTTP I/O threads
     */
    public static EngineRuntime on(
            Scheduler scheduler, Clock clock, Executor worker, DoubleSupplier random, GatePolicy gates) {
        return new EngineRuntime(scheduler, clock, worker, random, gates, List.of());
    }

    /** As {@link #on(Scheduler, Clock, Executor, DoubleSupplier, GatePolicy)} with the same limits for every model. */
    public static EngineRuntime on(
            Scheduler scheduler, Clock clock, Executor worker, DoubleSupplier random, GateSettings gates) {
        return on(scheduler, clock, worker, random, GatePolicy.uniform(gates));
    }

    /** As {@link #withOwnThreads(String, GatePolicy)} with the same limits for every model. */
    public static EngineRuntime withOwnThreads(String name, GateSettings gates) {
        return withOwnThreads(name, GatePolicy.uniform(gates));
    }

    /** A runtime with a timer and a small pool of daemon threads of its own, stopped by {@link #close()}. */
    public static EngineRuntime withOwnThreads(String name, GatePolicy gates) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon(name + "-timer"));
        ExecutorService worker = Executors.newFixedThreadPool(2, daemon(name));
        return new EngineRuntime(
                Scheduler.of(timer), Clock.systemUTC(), worker, jitter(), gates, List.of(timer, worker));
    }

    /** An engine for one endpoint on this runtime. */
    public GenerationEngine engine(EngineSettings settings) {
        return new GenerationEngine(settings, this);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Clock clock() {
        return clock;
    }

    public Executor worker() {
        return worker;
    }

    /**
     * The random numbers that spread retries and polls in time. Their only job is to keep many clients from
     * asking at the same instant, so no secret depends on them; a secure generator costs nothing at these rates
     * and leaves no predictable generator in the product.
     */
    public static DoubleSupplier jitter() {
        return new SecureRandom()::nextDouble;
    }

    public DoubleSupplier random() {
        return random;
    }

    public GateRegistry gates() {
        return gates;
    }

    public ServiceTimeEstimator estimator() {
        return estimator;
    }

    public Retrier retrier() {
        return retrier;
    }

    /** The tasks that generations of this process own, so a lookup after a lost answer takes none of them. */
    TaskClaims claims() {
        return claims;
    }

    /** Which pool: API answers and images need different buffers (see {@link HttpTransport#forDownloads}). */
    private record Pool(HttpSettings http, ProxyCredentials credentials, boolean downloads) {}

    private static final class Lease {
        final HttpTransport transport;
        int holders;

        Lease(HttpTransport transport) {
            this.transport = transport;
        }
    }

    /** Borrows the connection pool for these settings; give it back with {@link #release}. */
    synchronized HttpTransport borrow(HttpSettings http, ProxyCredentials credentials, boolean downloads) {
        if (closed) {
            throw new IllegalStateException("the engine runtime is closed");
        }
        Lease lease = pools.computeIfAbsent(
                new Pool(http, credentials, downloads),
                p -> new Lease(
                        downloads
                                ? HttpTransport.forDownloads(http, credentials)
                                : new HttpTransport(http, credentials)));
        lease.holders++;
        return lease.transport;
    }

    /** Gives a pool back; the last holder's return closes it (its threads and connections). */
    void release(HttpTransport transport) {
        HttpTransport toClose = null;
        synchronized (this) {
            for (var it = pools.values().iterator(); it.hasNext(); ) {
                Lease lease = it.next();
                if (lease.transport == transport && --lease.holders == 0) {
                    it.remove();
                    toClose = transport;
                }
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /** Closes every pool at once (calls under way fail, their part files are removed) and the runtime's own threads. */
    @Override
    public void close() {
        List<HttpTransport> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>();
            pools.values().forEach(l -> open.add(l.transport));
            pools.clear();
        }
        open.forEach(HttpTransport::close);
        ownThreads.forEach(ExecutorService::shutdownNow);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
