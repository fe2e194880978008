package io.jenkins.plugins.dashscope.build;

import hudson.Util;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.List;

/**
 * What the build page's review gallery shows of one generation, worked out when the page is drawn: cards
 * with their links, the derived sizes, failures in place, and the same image of the previous successful build.
 * Getters, because Jelly reads bean properties.
 */
public final class ReviewView {

    private ReviewView() {}

    static Generation of(
            GeneratedImagesAction.Entry e, Run<?, ?> run, GeneratedImagesAction.Entry earlier, Run<?, ?> previous) {
        List<Card> cards = new ArrayList<>();
        if (e.images != null && !e.images.isEmpty()) {
            for (GeneratedImagesAction.Entry.Image i : e.images) {
                List<Link> derived = i.derived.stream()
                        .map(d -> new Link(name(d.file), artifact(run, d.file), d.width + "x" + d.height))
                        .toList();
                String previousUrl = null;
                if (earlier != null && earlier.images != null) {
                    previousUrl = earlier.images.stream()
                            .filter(x -> x.file.equals(i.file))
                            .findFirst()
                            .map(x -> artifact(previous, x.file))
                            .orElse(null);
                }
                cards.add(new Card(
                        name(i.file),
                        artifact(run, i.file),
                        i.width == null ? null : i.width + "x" + i.height,
                        derived,
                        previousUrl,
                        previousUrl == null ? null : previous.getDisplayName()));
            }
        } else if (e.artifacts != null) { // saved before the review gallery: only the paths are known
            for (String a : e.artifacts) {
                cards.add(new Card(name(a), artifact(run, a), null, List.of(), null, null));
            }
        }
        List<Failure> failed = new ArrayList<>();
        if (e.failed != null) {
            e.failed.forEach(f -> failed.add(new Failure("#" + f.index, f.code, f.message)));
        }
        String sheet = e.contactSheet == null ? null : artifact(run, e.contactSheet);
        return new Generation(e, cards, failed, sheet);
    }

    /** The build's generations in its order, each image beside its counterpart in the previous successful build. */
    static List<Generation> generations(Run<?, ?> run, List<GeneratedImagesAction.Entry> entries) {
        Run<?, ?> previous = PreviousBuild.lastSuccessfulBefore(run);
        GeneratedImagesAction before = previous == null ? null : previous.getAction(GeneratedImagesAction.class);
        List<Generation> views = new ArrayList<>();
        for (GeneratedImagesAction.Entry e : entries) {
            GeneratedImagesAction.Entry earlier = before == null || e.outputDir == null
                    ? null
                    : before.entries().stream()
                            .filter(x -> e.outputDir.equals(x.outputDir))
                            .findFirst()
                            .orElse(null);
            views.add(of(e, run, earlier, earlier == null ? null : previous));
        }
        markAssetGroups(views);
        return views;
    }

    /** Marks where a spec's asset starts, so the gallery shows the set grouped by asset. */
    static void markAssetGroups(List<Generation> generations) {
        String previous = null;
        for (Generation g : generations) {
            g.firstOfAsset = g.getAsset() != null && !g.getAsset().equals(previous);
            previous = g.getAsset();
        }
    }

    /** An archived file's URL relative to the Jenkins root, each segment of its path URL-encoded. */
    private static String artifact(Run<?, ?> run, String path) {
        StringBuilder b = new StringBuilder(run.getUrl()).append("artifact");
        for (String segment : path.split("/")) {
            b.append('/').append(Util.rawEncode(segment));
        }
        return b.toString();
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** One generation: what was asked, and its cards. */
    public static final class Generation {
        private final GeneratedImagesAction.Entry entry;
        private final List<Card> cards;
        private final List<Failure> failures;
        private final String contactSheetUrl;
        private boolean firstOfAsset;

        Generation(
                GeneratedImagesAction.Entry entry, List<Card> cards, List<Failure> failures, String contactSheetUrl) {
            this.entry = entry;
            this.cards = List.copyOf(cards);
            this.failures = List.copyOf(failures);
            this.contactSheetUrl = contactSheetUrl;
        }

        /** Made by the simulator: nothing was sent or paid. */
        public boolean isDryRun() {
            return entry.dryRun;
        }

        /** The id of its section, which the step's last log line links to. */
        public String getAnchor() {
            return GeneratedImagesAction.anchor(entry.outputDir);
        }

        /** One picture or failure: laid out beside other single ones rather than on a row of its own. */
        public boolean isSingle() {
            return cards.size() + failures.size() <= 1;
        }

        /** Null for the models that take no prompt (out-painting, image translation). */
        public String getPrompt() {
            return entry.prompt;
        }

        /** The build the images were reused from ({@code #12}); null when they were generated. */
        public String getReusedFrom() {
            return entry.reusedFrom;
        }

        /** The spec's asset this generation belongs to; null for a single {@code generateImage}. */
        public String getAsset() {
            return entry.asset;
        }

        /** The spec's variant ({@code banner-en}); null for a single {@code generateImage}. */
        public String getVariant() {
            return entry.variant;
        }

        /** True for the first generation of an asset: the gallery starts a group there. */
        public boolean isFirstOfAsset() {
            return firstOfAsset;
        }

        public String getModel() {
            return entry.model;
        }

        public String getSeed() {
            return entry.seed;
        }

        /** The size the request asked for ({@code size} is a word of Jelly's expression language). */
        public String getRequestedSize() {
            return entry.size;
        }

        public String getTaskId() {
            return entry.taskId;
        }

        public String getRequestId() {
            return entry.requestId;
        }

        public List<Card> getCards() {
            return cards;
        }

        public List<Failure> getFailures() {
            return failures;
        }

        /** Relative to the Jenkins root; null without a contact sheet. */
        public String getContactSheetUrl() {
            return contactSheetUrl;
        }

        public boolean isComparing() {
            return cards.stream().anyMatch(c -> c.previousUrl != null);
        }
    }

    /** An image: URLs are relative to the Jenkins root. */
    public static final class Card {
        private final String name;
        private final String url;
        private final String dimensions;
        private final List<Link> derived;
        private final String previousUrl;
        private final String previousBuild;

        Card(String name, String url, String dimensions, List<Link> derived, String previousUrl, String previousBuild) {
            this.name = name;
            this.url = url;
            this.dimensions = dimensions;
            this.derived = derived;
            this.previousUrl = previousUrl;
            this.previousBuild = previousBuild;
        }

        public String getName() {
            return name;
        }

        public String getUrl() {
            return url;
        }

        public String getDimensions() {
            return dimensions;
        }

        public List<Link> getDerived() {
            return derived;
        }

        public String getPreviousUrl() {
            return previousUrl;
        }

        public String getPreviousBuild() {
            return previousBuild;
        }
    }

    /** A derived size's file. */
    public static final class Link {
        private final String name;
        private final String url;
        private final String dimensions;

        Link(String name, String url, String dimensions) {
            this.name = name;
            this.url = url;
            this.dimensions = dimensions;
        }

        public String getName() {
            return name;
        }

        public String getUrl() {
            return url;
        }

        public String getDimensions() {
            return dimensions;
        }
    }

    /** An image that did not come, shown where it would have been. */
    public static final class Failure {
        private final String label;
        private final String code;
        private final String message;

        Failure(String label, String code, String message) {
            this.label = label;
            this.code = code;
            this.message = message;
        }

        public String getLabel() {
            return label;
        }

        public String getCode() {
            return code;
        }

        public String getMessage() {
            return message;
        }
    }
}
