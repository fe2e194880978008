package io.jenkins.plugins.dashscope.workspace;

import io.jenkins.plugins.dashscope.build.ImageBudget;
import io.jenkins.plugins.dashscope.build.PreviousBuild;
import io.jenkins.plugins.dashscope.build.RetakeForms;
import io.jenkins.plugins.dashscope.config.DashScopeConfiguration;
import io.jenkins.plugins.dashscope.core.batch.BatchHost;
import io.jenkins.plugins.dashscope.core.generation.GenerationEvent;
import io.jenkins.plugins.dashscope.core.generation.GenerationResult;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.core.ledger.UsageAccount;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.spec.Variant;
import io.jenkins.plugins.dashscope.usage.BuildAccount;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A build's workspace as the host of a batch ({@code generateImage}, the freestyle builder and {@code generateImages}
 * alike): each item is a {@link WorkspaceGeneration} in its folder of the workspace (inputs read and the output
 * checked on the agent, delivery there), earlier results come from the previous successful build, the build's image
 * budget is reserved, and the step's execution persists each item as it is reused or submitted.
 */
public final class WorkspaceBatchHost implements BatchHost {

    /** Makes the generation of an item (and records it where a restart finds it). */
    @FunctionalInterface
    public interface Jobs {
        WorkspaceGeneration jobFor(int index, Variant item) throws IOException, InterruptedException;
    }

    /** Where the execution keeps what a restart needs, told as each item is reused, submitted or ends. */
    public interface States {
        default void reused(int index, GenerationResult result) {}

        default void submitted(int index, SubmittedTask task) {}

        /** The item's images are held in the usage ledger under {@code holdId}, to settle after a restart. */
        default void held(int index, String holdId) {}

        default void ended(int index) {}
    }

    private final Jobs jobFactory;
    private final States states;
    private final boolean dryRun;
    private final String defaultModel;
    private final PreviousBuild earlier;
    private final List<WorkspaceGeneration> jobs = new ArrayList<>();
    private final List<GenerationRequest> requests = new ArrayList<>();
    private final Map<Integer, WorkspaceGeneration.Prepared> prepared = new HashMap<>();

    /** @param defaultModel the administrator's default model, for items that name none */
    public WorkspaceBatchHost(Jobs jobs, States states, boolean dryRun, String defaultModel, PreviousBuild earlier) {
        this.jobFactory = jobs;
        this.states = states;
        this.dryRun = dryRun;
        this.defaultModel = defaultModel;
        this.earlier = earlier;
    }

    /** The items' generations, in the batch's order: the execution archives and reports through them. */
    List<WorkspaceGeneration> jobs() {
        return jobs;
    }

    @Override
    public Staged stage(int index, Variant item) throws IOException, InterruptedException {
        WorkspaceGeneration job = jobFactory.jobFor(index, item);
        jobs.add(job);
        GenerationRequest request = item.request().model() == null && defaultModel != null
                ? item.request().toBuilder().model(defaultModel).build()
                : item.request();
        requests.add(request);
        // what a reviewer's Regenerate sends again; saved with the build when its generations are recorded
        RetakeForms.of(job.run()).put(job.plan().outputDir(), PlanForm.retake(job.plan(), request));
        if (dryRun) { // nothing is validated here: the dry run does that on the agent, as a real run would
            return new Staged(
                    request.model() == null ? GenerationRequest.DEFAULT_MODEL : request.model(),
                    request.n() == null ? 1 : request.n(),
                    null);
        }
        WorkspaceGeneration.Prepared p = job.prepare(request);
        prepared.put(index, p);
        return Staged.of(p.request());
    }

    @Override
    public GenerationResult reuse(int index, Variant item, Staged staged) {
        if (dryRun) {
            return null;
        }
        GenerationResult r = jobs.get(index).reuseEarlier(prepared.get(index), earlier);
        if (r != null) {
            states.reused(index, r);
        }
        return r;
    }

    @Override
    public void reserve(int images) throws IOException {
        if (!dryRun && !jobs.isEmpty()) {
            ImageBudget.of(jobs.get(0).run())
                    .reserve(images, DashScopeConfiguration.get().getMaxImagesPerBuild());
        }
    }

    /** The build's account in the controller's usage ledger; none for a dry run, which pays nothing. */
    @Override
    public UsageAccount account() {
        if (dryRun || jobs.isEmpty()) {
            return UsageAccount.NONE;
        }
        WorkspaceGeneration first = jobs.get(0);
        return BuildAccount.of(first.run(), first::log);
    }

    @Override
    public void held(int index, String holdId) {
        states.held(index, holdId);
    }

    @Override
    public Started start(int index, Variant item, Staged staged, Instant deadline)
            throws IOException, InterruptedException {
        WorkspaceGeneration job = jobs.get(index);
        AtomicBoolean submitted = new AtomicBoolean(dryRun);
        WorkspaceGeneration.Running running = dryRun
                ? job.startDryRun(requests.get(index), deadline)
                : job.launch(prepared.get(index), deadline, task -> {
                    submitted.set(true);
                    states.submitted(index, task);
                });
        running.result().whenComplete((r, t) -> states.ended(index));
        return new Started(running.result(), running.cancel(), running.result(), submitted::get);
    }

    @Override
    public void taken(int index, Variant item, Staged staged, GenerationResult result) {
        jobs.get(index)
                .log(new GenerationEvent.Reused(
                        result.manifest().reusedFrom(), result.images().size()));
        discard(index);
    }

    private void discard(int index) {
        WorkspaceGeneration.Prepared p = prepared.get(index);
        if (p != null) {
            WorkspaceGeneration.discard(p);
        }
    }

    @Override
    public void abandon(int index, Staged staged, Throwable why) {
        discard(index);
        if (index < jobs.size()) {
            jobs.get(index).failure(why); // gives its output folder back
        }
    }
}
