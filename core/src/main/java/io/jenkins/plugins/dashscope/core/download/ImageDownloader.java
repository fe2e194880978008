package io.jenkins.plugins.dashscope.core.download;

import io.jenkins.plugins.dashscope.core.client.HttpCall;
import io.jenkins.plugins.dashscope.core.client.HttpTransport;
import io.jenkins.plugins.dashscope.core.client.ResultItem;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.wait.Retrier;
import io.jenkins.plugins.dashscope.core.wait.RetrySettings;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Fetches result images at once and concurrently: each is streamed to a hidden temporary file in the
 * output folder, checked by its bytes, and moved into place under a name we choose. A file is either
 * complete under its final name or absent. Downloads that fail halfway are retried; refused URLs are not.
 */
public final class ImageDownloader {

    private final HttpTransport transport;
    private final DownloadPolicy policy;
    private final Retrier retrier;
    private final RetrySettings retry;
    private final DoubleSupplier random;
    private final Executor worker;

    /** @param worker runs file work (hash check, rename, image header read) off the I/O threads */
    public ImageDownloader(
            HttpTransport transport,
            DownloadPolicy policy,
            Retrier retrier,
            RetrySettings retry,
            DoubleSupplier random,
            Executor worker) {
        this.transport = transport;
        this.policy = policy;
        this.retrier = retrier;
        this.retry = retry;
        this.random = random;
        this.worker = worker;
    }

    /**
     * Downloads every succeeded result into {@code dir} as {@code PREFIX-INDEX.EXT}; results that carry a
     * code instead of a URL, and downloads that fail, are reported as failures.
     *
     * @throws io.jenkins.plugins.dashscope.core.common.DashScopeException (DOWNLOAD) when the folder cannot be created
     */
    public CompletableFuture<DownloadReport> downloadAll(
            List<ResultItem> results, Path dir, String prefix, Consumer<SavedImage> onSaved) {
        return downloadAll(results, dir, prefix, onSaved, null);
    }

    /**
     * As {@link #downloadAll(List, Path, String, Consumer)}, all of it by {@code deadline} (the generation's): each
     * image gets the time left if that is less than its own cap, a retry that would start past it is not made, and
     * cancelling the returned future aborts every download under way (their part files are removed).
     *
     * @param deadline null for none but each image's own cap
     */
    public CompletableFuture<DownloadReport> downloadAll(
            List<ResultItem> results, Path dir, String prefix, Consumer<SavedImage> onSaved, Instant deadline) {
        OutputNames.checkPrefix(prefix);
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new IOException("not writable");
            }
        } catch (IOException e) {
            return CompletableFuture.failedFuture(OutputNames.notWritable("to output folder " + dir, e));
        }
        List<ImageFailure> failures = new ArrayList<>();
        List<CompletableFuture<Object>> downloads = new ArrayList<>();
        List<Runnable> stops = new ArrayList<>();
        for (ResultItem item : results) {
            if (!item.succeeded()) {
                failures.add(new ImageFailure(
                        item.index(),
                        item.code() == null ? "Unknown" : item.code(),
                        item.message() == null ? "the server returned no image" : item.message()));
                continue;
            }
            downloads.add(download(item, dir, prefix, deadline, stops)
                    .<Object>thenApply(saved -> {
                        onSaved.accept(saved);
                        return saved;
                    })
                    .exceptionally(t -> {
                        Throwable c = DashScopeException.unwrap(t);
                        return c instanceof DownloadFailure f
                                ? new ImageFailure(item.index(), f.code, f.getMessage())
                                : new ImageFailure(item.index(), "DownloadFailed", String.valueOf(c.getMessage()));
                    }));
        }
        CompletableFuture<DownloadReport> report = CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new))
                .thenApply(v -> report(downloads, failures));
        report.whenComplete((r, t) -> {
            if (report.isCancelled()) {
                stops.forEach(Runnable::run);
            }
        });
        return report;
    }

    /** The saved images and the failures, each in index order. */
    private static DownloadReport report(List<CompletableFuture<Object>> downloads, List<ImageFailure> failures) {
        List<SavedImage> saved = new ArrayList<>();
        List<ImageFailure> all = new ArrayList<>(failures);
        for (CompletableFuture<Object> d : downloads) {
            Object o = d.join();
            if (o instanceof SavedImage s) {
                saved.add(s);
            } else {
                all.add((ImageFailure) o);
            }
        }
        saved.sort(Comparator.comparingInt(SavedImage::index));
        all.sort(Comparator.comparingInt(ImageFailure::index));
        return new DownloadReport(saved, all);
    }

    private CompletableFuture<SavedImage> download(
            ResultItem item, Path dir, String prefix, Instant deadline, List<Runnable> stops) {
        AtomicReference<Exchange> current = new AtomicReference<>();
        Retrier.Loop<SavedImage> loop = retrier.<SavedImage, SavedImage>start(
                () -> {
                    Exchange exchange = new Exchange();
                    current.set(exchange);
                    return attempt(item, dir, prefix, exchange, deadline);
                },
                (attempt, saved, failure) -> {
                    if (failure == null) {
                        return Retrier.Verdict.done(saved);
                    }
                    if (failure instanceof DownloadFailure f && f.retryable && attempt < retry.maxAttempts()) {
                        return Retrier.Verdict.again(retry.delay(attempt, random), f);
                    }
                    return Retrier.Verdict.fail(failure);
                },
                deadline == null ? Retrier.Deadline.none() : Retrier.Deadline.giveUpAt(deadline));
        stops.add(() -> {
            loop.cancel(new DownloadFailure("DownloadStopped", "image " + item.index() + ": stopped", false, null));
            Exchange exchange = current.get();
            if (exchange != null) {
                exchange.expire();
            }
        });
        return loop.result();
    }

    /** One try at one image, its failure typed; it gets its own cap, or the time left if that is less. */
    private CompletableFuture<SavedImage> attempt(
            ResultItem item, Path dir, String prefix, Exchange exchange, Instant deadline) {
        Duration limit = policy.maxDuration();
        boolean generationDeadline = false;
        if (deadline != null) {
            Duration left = Duration.between(retrier.clock().instant(), deadline);
            if (left.compareTo(limit) < 0) {
                limit = left;
                generationDeadline = true;
            }
        }
        if (limit.isNegative() || limit.isZero()) {
            return CompletableFuture.failedFuture(new DownloadFailure(
                    "DownloadTimedOut",
                    "image " + item.index() + ": the generation's deadline has passed",
                    false,
                    null));
        }
        URI uri;
        try {
            uri = URI.create(item.url());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(
                    new DownloadFailure("DownloadRefused", "result URL is malformed", false, e));
        }
        // one deadline for the image, redirects included: a body trickling in is abandoned, its part file removed
        Scheduler.Scheduled timer = retrier.scheduler().schedule(exchange::expire, limit);
        String within = generationDeadline
                ? "by the generation's deadline"
                : "within " + policy.maxDuration().toSeconds() + " s";
        return fetch(uri, uri, dir, prefix, item.index(), 0, exchange).handle((saved, t) -> {
            timer.cancel();
            if (t == null) {
                return saved;
            }
            Throwable c = DashScopeException.unwrap(t);
            throw exchange.expired()
                    ? new DownloadFailure(
                            "DownloadTimedOut", "image " + item.index() + ": did not arrive " + within, false, c)
                    : c instanceof DownloadFailure d
                            ? d
                            : c instanceof FileSink.TooLarge tl
                                    ? new DownloadFailure(
                                            "ImageTooLarge",
                                            "image " + item.index() + ": " + tl.getMessage(),
                                            false,
                                            tl)
                                    : new DownloadFailure(
                                            "DownloadFailed", "image " + item.index() + ": " + c, true, c);
        });
    }

    private CompletableFuture<SavedImage> fetch(
            URI original, URI uri, Path dir, String prefix, int index, int hops, Exchange exchange) {
        var refusal = policy.refusal(uri);
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new DownloadFailure(
                    "DownloadRefused",
                    "image " + index + ": refused to fetch " + withoutQuery(uri) + ": " + refusal.get(),
                    false,
                    null));
        }
        Path temp = dir.resolve("." + prefix + "-" + index + "." + UUID.randomUUID() + ".part");
        FileSink sink = new FileSink(temp, policy.maxBytes());
        CompletableFuture<FileSink.Fetched> stream =
                transport.stream(new HttpCall("GET", uri, null, Map.of(), null, null, null), sink);
        exchange.started(stream);
        stream.whenComplete((fetched, t) -> {
            if (t != null) {
                sink.deleteQuietly(); // also when the exchange was dropped without the sink hearing of it
            }
        });
        return stream.thenComposeAsync(
                fetched -> {
                    if (fetched instanceof FileSink.Body body) {
                        return CompletableFuture.completedFuture(
                                DownloadedImages.place(body, dir, prefix, index, original));
                    }
                    if (fetched instanceof FileSink.Redirect r) {
                        return followRedirect(original, uri, r, dir, prefix, index, hops, exchange);
                    }
                    int status = ((FileSink.Refused) fetched).status();
                    boolean expired = status == 403 || status == 404 || status == 410;
                    return CompletableFuture.failedFuture(new DownloadFailure(
                            expired ? "ResultExpired" : "DownloadFailed",
                            "image " + index + ": " + withoutQuery(uri) + " answered HTTP " + status
                                    + (expired ? " (result URLs expire 24 h after the task)" : ""),
                            status >= 500 || status == 429 || status == 408,
                            null));
                },
                worker);
    }

    private CompletableFuture<SavedImage> followRedirect(
            URI original,
            URI from,
            FileSink.Redirect r,
            Path dir,
            String prefix,
            int index,
            int hops,
            Exchange exchange) {
        URI next;
        try {
            next = Redirects.next(from, r.location(), index, hops, policy.maxRedirects());
        } catch (DownloadFailure refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return fetch(original, next, dir, prefix, index, hops + 1, exchange);
    }

    /** The URL without its query: the signature must not be kept, and it expires anyway. */
    public static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
