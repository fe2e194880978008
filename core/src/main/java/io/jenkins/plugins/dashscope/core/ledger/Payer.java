package io.jenkins.plugins.dashscope.core.ledger;

/**
 * Who a generation is charged to: a job by its full name ({@code team-a/site/poster}) and a build of it (0 for none,
 * as in the CLI's summary or a compacted month).
 */
public record Payer(String job, int build) {

    public Payer {
        job = job == null ? "" : job;
    }

    /** The folder the job is in, by full name; empty at the top level. */
    public String folder() {
        int slash = job.lastIndexOf('/');
        return slash < 0 ? "" : job.substring(0, slash);
    }
}
