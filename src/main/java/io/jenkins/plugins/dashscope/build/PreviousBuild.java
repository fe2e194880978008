package io.jenkins.plugins.dashscope.build;

import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.dashscope.core.manifest.Manifest;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResult;
import io.jenkins.plugins.dashscope.core.reuse.EarlierResults;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import jenkins.util.VirtualFile;

/**
 * The complete, archived results of the previous successful build of the same job, which a generation of this
 * build may reuse: found by the fingerprint its build page recorded, then read from that build's archived
 * manifest (through its artifact manager, wherever the artifacts are kept).
 */
public final class PreviousBuild {

    private final Run<?, ?> previous;

    public PreviousBuild(Run<?, ?> run) {
        this.previous = lastSuccessfulBefore(run);
    }

    /**
     * The latest finished build before {@code run} that ended SUCCESS or UNSTABLE, what Jenkins calls successful
     * ({@code lastSuccessfulBuild}); {@code Run.getPreviousSuccessfulBuild()} takes SUCCESS only, which would skip a
     * build made unstable by one partial result and pay again for all its complete ones. Only complete generations
     * are ever taken from it.
     */
    static Run<?, ?> lastSuccessfulBefore(Run<?, ?> run) {
        for (Run<?, ?> r = run.getPreviousBuild(); r != null; r = r.getPreviousBuild()) {
            Result result = r.getResult();
            if (!r.isBuilding() && result != null && result.isBetterOrEqualTo(Result.UNSTABLE)) {
                return r;
            }
        }
        return null;
    }

    public Optional<EarlierResult> find(String fingerprint) {
        GeneratedImagesAction action = previous == null ? null : previous.getAction(GeneratedImagesAction.class);
        if (action == null || fingerprint == null) {
            return Optional.empty();
        }
        for (GeneratedImagesAction.Entry e : action.entries()) {
            if (fingerprint.equals(e.fingerprint)
                    && e.outputDir != null
                    && e.images != null
                    && !e.images.isEmpty()
                    && (e.failed == null || e.failed.isEmpty())) {
                Optional<EarlierResult> found = read(e.outputDir, fingerprint).filter(r -> sameAsRecorded(r, e));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The archived manifest may have been replaced after the step archived it (a later {@code archiveArtifacts} of
     * the same build): its images are taken only when each is the one the build record holds, by name, SHA-256 and
     * size. Reuse then copies at most that size and checks the bytes against that hash.
     */
    private static boolean sameAsRecorded(EarlierResult r, GeneratedImagesAction.Entry e) {
        List<Manifest.ImageRecord> archived = r.manifest().images();
        return archived.size() == e.images.size()
                && archived.stream().allMatch(a -> e.images.stream().anyMatch(i -> i.recorded(a)));
    }

    private Optional<EarlierResult> read(String outputDir, String fingerprint) {
        VirtualFile folder = previous.getArtifactManager().root().child(outputDir);
        try {
            VirtualFile file = folder.child(ManifestStore.FILE_NAME);
            if (!file.isFile() || file.length() > EarlierResults.MAX_MANIFEST_BYTES) {
                return Optional.empty();
            }
            String json;
            try (InputStream in = file.open()) {
                json = new String(in.readNBytes((int) EarlierResults.MAX_MANIFEST_BYTES), StandardCharsets.UTF_8);
            }
            Manifest m = new ManifestStore().fromJson(json);
            if (!m.reusable() || !fingerprint.equals(m.fingerprint())) {
                return Optional.empty();
            }
            // names are checked against this plugin's image names before anything is opened
            return Optional.of(new EarlierResult(
                    m, previous.getDisplayName(), name -> folder.child(name).open()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an archive that cannot be read is simply not reused
        }
    }
}
