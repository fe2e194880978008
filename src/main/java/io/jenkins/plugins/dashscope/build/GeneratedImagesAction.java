package io.jenkins.plugins.dashscope.build;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Action;
import hudson.model.Run;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.usage.PriceTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jenkins.model.RunAction2;
import jenkins.tasks.SimpleBuildStep;

/**
 * The build's record of each generation (prompt, model, seed, task id, failures) and its gallery page at
 * {@code generated-images/}, with a compact summary on the build page and the job's link to the latest successful
 * build's images. Images are served from the build's own artifacts, never from the expiring DashScope URLs. The list
 * is replaced, never changed in place, so {@code Run.save()} on another thread (a parallel branch) always writes a
 * consistent one.
 */
public final class GeneratedImagesAction implements RunAction2, SimpleBuildStep.LastBuildAction {

    /** The gallery's address under its build. */
    public static final String URL_NAME = "generated-images";

    /** The plugin's own symbol: a framed picture. */
    /** The plugin's own symbol, also the review page's. */
    public static final String ICON = "symbol-generated-images plugin-dashscope-image";

    private volatile List<Entry> entries = new ArrayList<>();
    private transient Run<?, ?> run;

    /** The build's action, added on first use. */
    public static GeneratedImagesAction of(Run<?, ?> run) {
        return BuildActions.of(run, GeneratedImagesAction.class, GeneratedImagesAction::new);
    }

    /**
     * Adds a generation in its place in the build ({@link GenerationOrder}), not where it happened to finish. Entries
     * without a place (the freestyle builder, builds saved before it) keep the order they were recorded in.
     */
    public synchronized void record(Entry entry) throws IOException {
        List<Entry> next = new ArrayList<>(entries);
        next.add(entry);
        if (next.stream().allMatch(e -> e.order != null)) {
            next.sort((a, b) -> GenerationOrder.PATHS.compare(a.order, b.order));
        }
        entries = next;
        run.save();
    }

    List<Entry> entries() {
        return entries;
    }

    /** What the build's generations paid for, reused and lost, per model, with an estimate when prices were set. */
    public UsageView getUsage() {
        return UsageView.of(entries);
    }

    /** The build's URL relative to the Jenkins root, for artifact links. */
    public String getRunUrl() {
        return run.getUrl();
    }

    /** The build, for the gallery page's side panel and title. */
    public Run<?, ?> getRun() {
        return run;
    }

    /** The first {@code max} images of the build, in the gallery's order, for the build and job pages' strips. */
    public List<ReviewView.Card> thumbnails(int max) {
        // no comparison here, so no walk back through earlier builds (each one read from disk) on every job page view
        return entries.stream()
                .flatMap(e -> ReviewView.of(e, run, null, null).getCards().stream())
                .limit(max)
                .toList();
    }

    /** The number of generations recorded. */
    public int getCount() {
        return entries.size();
    }

    /** The id of a generation's section on the gallery page, which log lines link to. */
    public static String anchor(String outputDir) {
        return "g-" + String.valueOf(outputDir).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** The job page's link to the latest successful build's gallery, and its thumbnails. */
    @Override
    public Collection<? extends Action> getProjectActions() {
        return List.of(new LatestImagesAction(this));
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
        return ICON;
    }

    @Override
    public String getDisplayName() {
        return Messages.GeneratedImagesAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** The generations with their review cards, each image beside its counterpart in the previous successful build. */
    public List<ReviewView.Generation> getGenerations() {
        return ReviewView.generations(run, entries);
    }

    /**
     * One generation as the build page shows it. Plain fields: it is saved in build.xml. Entries saved before
     * the review gallery have no {@code outputDir} or {@code images}; they are shown from {@code artifacts}.
     */
    public static final class Entry {
        final String prompt;
        final String model;
        final String seed;
        final String size;
        final String taskId;
        final String requestId;
        final String status;
        /** Archived image paths (workspace-relative); empty when nothing was archived. */
        final List<String> artifacts;

        final List<String> failures;
        final String outputDir;
        final List<Image> images;
        final List<Failure> failed;
        final String contactSheet;
        /** The spec's asset and variant this generation made; null for a single {@code generateImage}. */
        final String asset;

        final String variant;
        /** What {@code reuse} matches; null for entries saved before it. */
        final String fingerprint;
        /** The build the images were taken from ({@code #12}); null when they were generated. */
        final String reusedFrom;
        /** Images paid for; null for entries saved before usage was recorded. */
        final Integer paid;

        final int reused;
        /** The administrator's price per image of this model when the images were made, if any. */
        final java.math.BigDecimal pricePerImage;

        final String currency;
        /** Made by the simulator ({@code dryRun}); its images are counted as simulated, not paid. */
        final boolean dryRun;

        final int simulated;
        /** Its place in the build ({@link GenerationOrder}); null for the freestyle builder and older entries. */
        final List<Integer> order;

        /**
         * A saved image with the sizes derived from it; paths are workspace-relative. Its SHA-256 and size are what
         * reuse trusts: they live in the build record, which no later step of the build can overwrite, unlike the
         * archived manifest.
         */
        public static final class Image {
            final int index;
            final String file;
            final Integer width;
            final Integer height;
            final List<Derived> derived;
            /** Null for entries saved before it was recorded: such an image is not reused. */
            final String sha256;

            final Long bytes;

            Image(Manifest.ImageRecord image, String file, List<Derived> derived) {
                this.index = image.index();
                this.file = file;
                this.width = image.width();
                this.height = image.height();
                this.derived = List.copyOf(derived);
                this.sha256 = image.sha256();
                this.bytes = image.bytes();
            }

            /** Whether the archived manifest's record of this image is the one this build made. */
            boolean recorded(Manifest.ImageRecord archived) {
                return sha256 != null
                        && bytes != null
                        && file.endsWith("/" + archived.file())
                        && sha256.equals(archived.sha256())
                        && bytes == archived.bytes();
            }
        }

        public static final class Derived {
            final String file;
            final int width;
            final int height;

            Derived(String file, int width, int height) {
                this.file = file;
                this.width = width;
                this.height = height;
            }
        }

        public static final class Failure {
            final int index;
            final String code;
            final String message;

            Failure(int index, String code, String message) {
                this.index = index;
                this.code = code;
                this.message = message;
            }
        }

        /**
         * @param archived whether the files are build artifacts (links are shown only then)
         * @param prices   the price table now, kept with the entry so later changes do not rewrite past estimates
         * @param dryRun   made by the simulator: nothing was paid
         * @param order    its place in the build, or null
         */
        public Entry(
                Manifest m,
                String outputDir,
                boolean archived,
                String asset,
                String variant,
                PriceTable prices,
                boolean dryRun,
                List<Integer> order) {
            this.asset = asset;
            this.dryRun = dryRun;
            this.simulated = dryRun ? m.images().size() : 0;
            this.order = order == null ? null : List.copyOf(order);
            this.variant = variant;
            this.fingerprint = m.fingerprint();
            this.reusedFrom = m.reusedFrom();
            this.paid = dryRun ? 0 : m.paidImages(); // the simulator's images cost nothing
            this.reused = m.reusedFrom() == null ? 0 : m.images().size();
            PriceTable.Price price = prices.priceOf(String.valueOf(m.model())).orElse(null);
            this.pricePerImage = price == null ? null : price.perImage();
            this.currency = price == null ? null : price.currency();
            this.prompt = m.request() == null ? null : m.request().prompt();
            this.model = m.model();
            JsonNode parameters = m.request() == null ? null : m.request().parameters();
            this.seed = parameters != null && parameters.has("seed")
                    ? parameters.get("seed").asText()
                    : null;
            this.size = parameters != null && parameters.has("size")
                    ? parameters.get("size").asText()
                    : null;
            this.taskId = m.taskId();
            this.requestId = m.requestId();
            this.status = m.status();
            this.outputDir = outputDir;
            List<String> paths = new ArrayList<>();
            List<Image> saved = new ArrayList<>();
            for (Manifest.ImageRecord i : m.images()) {
                String file = outputDir + "/" + i.file();
                paths.add(file);
                List<Derived> derived = m.derivedFiles().stream()
                        .filter(d -> d.index() == i.index())
                        .map(d -> new Derived(outputDir + "/" + d.file(), d.width(), d.height()))
                        .toList();
                saved.add(new Image(i, file, derived));
            }
            this.artifacts = archived ? List.copyOf(paths) : List.of();
            this.images = archived ? List.copyOf(saved) : List.of();
            this.contactSheet = archived && m.contactSheet() != null
                    ? outputDir + "/" + m.contactSheet().file()
                    : null;
            List<String> f = new ArrayList<>();
            List<Failure> cards = new ArrayList<>();
            m.failures().forEach(x -> {
                f.add("#" + x.index() + " " + x.code() + ": " + x.message());
                cards.add(new Failure(x.index(), x.code(), x.message()));
            });
            this.failures = f;
            this.failed = cards;
        }
    }
}
