package io.jenkins.plugins.dashscope.core.client;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Non-blocking HTTP on Apache HttpClient 5: a request holds no thread while it is in flight, so a thousand
 * waits share the I/O reactor (one thread per core, HttpClient's default). Automatic retries and redirects are off: the
 * callers decide what may be sent twice and which redirects to follow.
 */
public final class HttpTransport implements AutoCloseable {

    /** The largest API answer read (task queries, submits, upload policies and uploads answer a few KB). */
    public static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /** How long an idle client's orderly shutdown may take before it is cut short. */
    private static final long IDLE_SHUTDOWN_MILLIS = 500;
    /** Calls not yet answered, failed by {@link #close()}. */
    private final java.util.Set<CompletableFuture<?>> active = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(HttpTransport.class.getName());

    private final CloseableHttpAsyncClient client;
    /** Set by {@link #close()}: what the I/O reactor reports from then on is the closing itself. */
    private volatile boolean closing;

    private final SendQueue queue;

    /** Small reads: API answers are a few KB, and a thousand waits may hold a pooled connection each. */
    public HttpTransport(HttpSettings settings) {
        this(settings, null);
    }

    /** @param credentials for the proxy of {@code settings}; null for none */
    public HttpTransport(HttpSettings settings, ProxyCredentials credentials) {
        this(settings, credentials, 8 * 1024, settings.maxConnections());
    }

    /**
     * For result images: 256 KB reads (a 50 MB image costs 200 callbacks and writes, not 6,400) on at
     * most 8 connections, so the larger buffers stay bounded (8 x 256 KB in and out).
     */
    public static HttpTransport forDownloads(HttpSettings settings, ProxyCredentials credentials) {
        return new HttpTransport(settings, credentials, 256 * 1024, Math.min(8, settings.maxConnections()));
    }

    private HttpTransport(
            HttpSettings settings, ProxyCredentials proxyCredentials, int bufferSize, int maxConnections) {
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(
                        Timeout.ofMilliseconds(settings.connectTimeout().toMillis()))
                .setSocketTimeout(
                        Timeout.ofMilliseconds(settings.responseTimeout().toMillis()))
                .build();
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(connection)
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofMilliseconds(
                                settings.responseTimeout().toMillis()))
                        .build())
                .setHttp1Config(Http1Config.custom().setBufferSize(bufferSize).build())
                .setUserAgent(settings.userAgent())
                .setIoReactorExceptionCallback(this::reactorFailed)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30));
        ProxySettings proxy = settings.proxy();
        if (proxy != null) {
            HttpHost proxyHost = new HttpHost(proxy.host(), proxy.port());
            builder.setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
                @Override
                protected HttpHost determineProxy(HttpHost target, HttpContext context) {
                    return proxy.bypasses(target.getHostName()) ? null : proxyHost;
                }
            });
            if (proxyCredentials != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(
                        new AuthScope(proxyHost),
                        new UsernamePasswordCredentials(
                                proxyCredentials.username(),
                                proxyCredentials.password() == null
                                        ? new char[0]
                                        : proxyCredentials.password().toCharArray()));
                builder.setDefaultCredentialsProvider(credentials);
            }
        }
        this.client = builder.build();
        this.client.start();
        this.queue = new SendQueue(maxConnections);
    }

    /**
     * What the I/O reactor could not handle. Closed in the middle of an aborted exchange (a build aborted while
     * it downloads), it reports that its selector is closed: expected then, and not worth a SEVERE line.
     */
    private void reactorFailed(Exception e) {
        java.util.logging.Level level = closing ? java.util.logging.Level.FINE : java.util.logging.Level.SEVERE;
        LOG.log(level, "the HTTP client's I/O reactor failed", e);
    }

    /** Sends a call and collects the whole answer, which may be at most {@link #MAX_ANSWER_BYTES}. */
    public CompletableFuture<HttpReply> exchange(HttpCall call) {
        CompletableFuture<HttpReply> result = tracked(new CompletableFuture<>());
        FutureCallback<SimpleHttpResponse> callback = queue.releasing(into(result, HttpTransport::toReply));
        queue.enqueue(new SendQueue.Start(
                () -> client.execute(
                        SimpleRequestProducer.create(toRequest(call)),
                        new BoundedResponseConsumer(MAX_ANSWER_BYTES),
                        callback),
                callback));
        return result;
    }

    /**
     * Sends a call and hands the answer, as it arrives, to a streaming consumer (downloads). Cancelling the
     * returned future aborts the exchange, so the consumer releases what it holds.
     */
    public <T> CompletableFuture<T> stream(HttpCall call, AsyncResponseConsumer<T> consumer) {
        CompletableFuture<T> result = tracked(new CompletableFuture<>());
        FutureCallback<T> callback = queue.releasing(into(result, Function.identity()));
        AtomicReference<Future<T>> exchange = new AtomicReference<>();
        result.whenComplete((r, t) -> {
            Future<T> f = exchange.get();
            if (result.isCancelled() && f != null) {
                f.cancel(true);
            }
        });
        queue.enqueue(new SendQueue.Start(
                () -> {
                    if (result.isCancelled()) {
                        callback.cancelled(); // cancelled while queued here: never sent
                        return;
                    }
                    exchange.set(client.execute(SimpleRequestProducer.create(toRequest(call)), consumer, callback));
                    if (result.isCancelled()) {
                        exchange.get().cancel(true);
                    }
                },
                callback));
        return result;
    }

    private <T> CompletableFuture<T> tracked(CompletableFuture<T> call) {
        active.add(call);
        call.whenComplete((r, t) -> active.remove(call));
        return call;
    }

    private static HttpReply toReply(SimpleHttpResponse response) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : response.getHeaders()) {
            headers.put(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        return new HttpReply(response.getCode(), headers, response.getBodyBytes());
    }

    /** Completes a future from HttpClient's callback. */
    private static <R, T> FutureCallback<R> into(CompletableFuture<T> result, Function<R, T> convert) {
        return new FutureCallback<>() {
            @Override
            public void completed(R value) {
                result.complete(convert.apply(value));
            }

            @Override
            public void failed(Exception ex) {
                result.completeExceptionally(ex);
            }

            @Override
            public void cancelled() {
                result.cancel(false);
            }
        };
    }

    private static SimpleHttpRequest toRequest(HttpCall call) {
        SimpleRequestBuilder b = SimpleRequestBuilder.create(call.method()).setUri(call.uri());
        call.headers().forEach(b::addHeader);
        if (call.key() != null) {
            b.addHeader("Authorization", call.key().authorizationHeader());
        }
        if (call.body() != null) {
            b.setBody(call.body(), ContentType.parse(call.contentType()));
        }
        if (call.timeout() != null) {
            b.setRequestConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofMilliseconds(call.timeout().toMillis()))
                    .build());
        }
        return b.build();
    }

    /**
     * Aborts what is still in flight: a hung connection must not hold a closing process past its deadline.
     * Calls under way fail (HttpClient does not always report an exchange it drops on shutdown). An idle
     * client is first shut down in order: closing it at once races HttpCore's I/O reactor, which then logs a
     * SEVERE {@code ClosedSelectorException} (from {@code SingleCoreIOReactor.closeOpenChannels}) that
     * alarms administrators for nothing.
     */
    @Override
    public void close() {
        closing = true;
        if (active.isEmpty()) {
            client.initiateShutdown();
            try {
                client.awaitShutdown(TimeValue.ofMilliseconds(IDLE_SHUTDOWN_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close(CloseMode.IMMEDIATE);
        for (CompletableFuture<?> call : List.copyOf(active)) {
            call.completeExceptionally(new java.io.IOException("the HTTP client was closed"));
        }
    }
}
