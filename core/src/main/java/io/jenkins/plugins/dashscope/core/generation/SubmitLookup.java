package io.jenkins.plugins.dashscope.core.generation;

import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.TaskPage;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.wait.QueryBudget;
import io.jenkins.plugins.dashscope.core.wait.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * After a submit whose answer was lost (a reset after sending, a read timeout, a cut or malformed answer, a 5xx),
 * asks the platform's task list whether it created a task, as the vendor advises against duplicate tasks. The
 * task is the one whose request id is the failed answer's, or else the only task of the model that no generation
 * of this process owns and that was created while the submit was under way (by the server's clock, read from its
 * {@code Date} header). Anything less certain is {@link Unclear}: the submit is then neither adopted nor sent again.
 * A task that is not there is only taken as absent when a second look after a grace says so too.
 */
final class SubmitLookup {

    static final int PAGE_SIZE = 100;
    /** Beyond this many tasks of one model in a day, absence cannot be proven within a sensible number of calls. */
    static final int MAX_PAGES = 10;
    /** Around the time the submit was under way: the server's clock is read to the second. */
    static final Duration MARGIN = Duration.ofSeconds(3);
    /** When the server gives no time of its own, the two clocks may differ by this much. */
    static final Duration MARGIN_WITHOUT_SERVER_TIME = Duration.ofMinutes(2);

    static final String ABSENT = "the task list shows no task created by it";

    sealed interface Finding {}

    /** @param how why this task is the submit's, for the log */
    record Found(TaskPage.Entry task, String how) implements Finding {}

    record Absent() implements Finding {}

    record Unclear(String why) implements Finding {
        String note() {
            return "it may have created a task, so nothing was sent again: " + why
                    + "; look for the task in the Model Studio console before running again";
        }
    }

    /** A submit that failed without saying whether it created a task. */
    record Sent(String model, Instant sentAt, Instant failedAt, String requestId) {}

    private record Listing(List<TaskPage.Entry> tasks, boolean complete, Duration serverAhead) {}

    private final DashScopeClient client;
    private final TaskClaims claims;
    private final QueryBudget budget;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Duration grace;

    SubmitLookup(
            DashScopeClient client,
            TaskClaims claims,
            QueryBudget budget,
            Scheduler scheduler,
            Clock clock,
            Duration grace) {
        this.client = client;
        this.claims = claims;
        this.budget = budget;
        this.scheduler = scheduler;
        this.clock = clock;
        this.grace = grace;
    }

    /** Whether a failed submit may have created a task that the task list can show. */
    static boolean applies(DashScopeException e, ApiFamily family) {
        if (!family.isAsync() || e.provablyNotApplied()) {
            return false; // a synchronous call leaves no task to find
        }
        return switch (e.kind()) {
            case NETWORK, SERVER, PROTOCOL, THROTTLED -> true;
            default -> false;
        };
    }

    /** Looks now and, unless found, once more after the grace; the found task is claimed for the caller. */
    CompletableFuture<Finding> find(ApiKey key, Sent sent) {
        return look(key, sent)
                .thenCompose(first -> first instanceof Found
                        ? CompletableFuture.completedFuture(first)
                        : later().thenCompose(paused -> look(key, sent)))
                .thenApply(f -> f instanceof Found found
                                && !claims.claim(found.task().taskId())
                        ? new Unclear("task " + found.task().taskId() + " was taken by another generation meanwhile")
                        : f);
    }

    private CompletableFuture<Void> later() {
        CompletableFuture<Void> pause = new CompletableFuture<>();
        scheduler.schedule(() -> pause.complete(null), grace);
        return pause;
    }

    private CompletableFuture<Finding> look(ApiKey key, Sent sent) {
        return list(key, sent.model(), 1, new ArrayList<>(), null)
                .thenApply(listing -> judge(sent, listing))
                .exceptionally(t -> new Unclear("the task list could not be read ("
                        + DashScopeException.from(t).getMessage() + ")"));
    }

    private CompletableFuture<Listing> list(
            ApiKey key, String model, int pageNo, List<TaskPage.Entry> seen, Duration serverAhead) {
        Map<String, String> filters =
                Map.of("model_name", model, "page_no", Integer.toString(pageNo), "page_size", "" + PAGE_SIZE);
        return budget.take(key)
                .thenCompose(done -> client.list(key, filters).whenComplete((p, t) -> done.run()))
                .thenCompose(page -> {
                    seen.addAll(page.tasks());
                    Duration ahead = serverAhead != null || page.serverTime() == null
                            ? serverAhead
                            : Duration.between(clock.instant(), page.serverTime());
                    if (page.tasks().isEmpty() || pageNo >= page.totalPages()) {
                        return CompletableFuture.completedFuture(new Listing(seen, true, ahead));
                    }
                    if (pageNo >= MAX_PAGES) {
                        return CompletableFuture.completedFuture(new Listing(seen, false, ahead));
                    }
                    return list(key, model, pageNo + 1, seen, ahead);
                });
    }

    private Finding judge(Sent sent, Listing listing) {
        if (sent.requestId() != null) {
            List<TaskPage.Entry> same = listing.tasks().stream()
                    .filter(e -> sent.requestId().equals(e.requestId()))
                    .toList();
            if (same.size() == 1 && same.get(0).taskId() != null) {
                String id = same.get(0).taskId();
                return claims.isClaimed(id)
                        ? new Unclear("its task " + id + " belongs to another generation")
                        : new Found(same.get(0), "the task list has it under request " + sent.requestId());
            }
            if (same.isEmpty() && listing.complete() && listing.tasks().stream().allMatch(e -> e.requestId() != null)) {
                return new Absent();
            }
        }
        if (!listing.complete()) {
            return new Unclear("the task list of " + sent.model() + " is longer than " + MAX_PAGES * PAGE_SIZE
                    + " tasks, too long to prove which is whose");
        }
        List<TaskPage.Entry> candidates = candidates(sent, listing);
        if (candidates.isEmpty()) {
            return new Absent();
        }
        TaskPage.Entry only = candidates.get(0);
        if (candidates.size() == 1
                && only.taskId() != null
                && only.createdAt() != null
                && claims.awaitingAnswer(sent.model()) == 0) {
            return new Found(only, "the only " + sent.model() + " task created while it was sent");
        }
        return new Unclear("the task list shows " + candidates.size() + " task(s) of " + sent.model()
                + " that it may have created ("
                + candidates.stream().map(TaskPage.Entry::taskId).collect(Collectors.joining(", "))
                + ")");
    }

    /** Unowned tasks of the model created while the submit was under way, or at a time that cannot be placed. */
    private List<TaskPage.Entry> candidates(Sent sent, Listing listing) {
        Duration ahead = listing.serverAhead() == null ? Duration.ZERO : listing.serverAhead();
        Duration margin = listing.serverAhead() == null ? MARGIN_WITHOUT_SERVER_TIME : MARGIN;
        Instant from = sent.sentAt().plus(ahead).minus(margin);
        Instant to = sent.failedAt().plus(ahead).plus(margin);
        return listing.tasks().stream()
                .filter(e -> e.model() == null || e.model().equals(sent.model()))
                .filter(e -> e.taskId() == null || !claims.isClaimed(e.taskId()))
                .filter(e -> e.createdAt() == null
                        || (!e.createdAt().isBefore(from) && !e.createdAt().isAfter(to)))
                .toList();
    }
}
