package io.jenkins.plugins.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * The build page's record of each generation: prompt, model, seed, task id, failures, and thumbnails
 * served from the build's own artifacts (never from the expiring DashScope URLs). The list is replaced, never
 * changed in place, so {@code Run.save()} on another thread (a parallel branch) always writes a consistent one.
 */
public final class GeneratedImagesAction implements RunAction2 {

    private volatile List<Entry> entries = new ArrayList<>();
    private transient Run<?, ?> run;

    /** The build's action, added on first use. */
    static GeneratedImagesAction of(Run<?, ?> run) {
        synchronized (run) {
            GeneratedImagesAction action = run.getAction(GeneratedImagesAction.class);
            if (action == null) {
                action = new GeneratedImagesAction();
                run.addAction(action);
            }
            return action;
        }
    }

    synchronized void record(Entry entry) throws IOException {
        List<Entry> next = new ArrayList<>(entries);
        next.add(entry);
        entries = next;
        run.save();
    }

    public List<Entry> getEntries() {
        return List.copyOf(entries);
    }

    /** The build's URL relative to the Jenkins root, for artifact links. */
    public String getRunUrl() {
        return run.getUrl();
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return null; // shown on the build page only (summary.jelly), no sidebar link
    }

    @Override
    public String getDisplayName() {
        return Messages.GeneratedImagesAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }

    /** One generation as the build page shows it. Plain fields: it is saved in build.xml. */
    public static final class Entry {
        private final String prompt;
        private final String model;
        private final String seed;
        private final String taskId;
        private final String requestId;
        private final String status;
        private final List<String> artifacts;
        private final List<String> failures;

        Entry(Manifest m, String outputDir, List<String> archivedFiles) {
            this.prompt = m.request() == null ? null : m.request().prompt();
            this.model = m.model();
            JsonNode parameters = m.request() == null ? null : m.request().parameters();
            this.seed = parameters != null && parameters.has("seed") ? parameters.get("seed").asText() : null;
            this.taskId = m.taskId();
            this.requestId = m.requestId();
            this.status = m.status();
            this.artifacts = List.copyOf(archivedFiles);
            List<String> f = new ArrayList<>();
            m.failures().forEach(x -> f.add("#" + x.index() + " " + x.code() + ": " + x.message()));
            this.failures = f;
        }

        public String getPrompt() {
            return prompt;
        }

        public String getModel() {
            return model;
        }

        public String getSeed() {
            return seed;
        }

        public String getTaskId() {
            return taskId;
        }

        public String getRequestId() {
            return requestId;
        }

        public String getStatus() {
            return status;
        }

        public List<String> getFailures() {
            return failures;
        }

        /** Artifact paths with each segment URL-encoded, for {@code artifact/...} links. */
        public List<String> getArtifactLinks() {
            List<String> links = new ArrayList<>();
            for (String a : artifacts) {
                StringBuilder b = new StringBuilder();
                for (String segment : a.split("/")) {
                    b.append(b.length() == 0 ? "" : "/").append(Util.rawEncode(segment));
                }
                links.add(b.toString());
            }
            return links;
        }
    }
}
