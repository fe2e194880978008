package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.gate.GatePolicy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which account a run uses and how much of it: the region or endpoint, the key file, and {@code --account-share}, the
 * part of the account's limits this run may take when a controller or other jobs use the same key at the same time
 * (the platform counts submits and task queries per account, not per client).
 */
final class AccountFlags {

    @Option(
            names = "--region",
            order = 100,
            description = "cn-beijing (default), ap-southeast-1, us-east-1, cn-hongkong.")
    String region;

    @Option(names = "--endpoint", order = 100, description = "Base URL ending in /api/v1 (instead of --region).")
    String endpoint;

    @Option(
            names = "--api-key-file",
            order = 100,
            description = "File holding the API key (instead of DASHSCOPE_API_KEY).")
    Path apiKeyFile;

    @Option(
            names = "--account-share",
            order = 110,
            paramLabel = "PERCENT",
            description = "This run's share of the account's limits (submits, tasks at once, task queries), "
                    + "1 to 100 percent (default: 100), when other clients use the same key at once.")
    String share;

    /** Each model's own limits, this run's share of them. */
    GatePolicy policy() {
        return GatePolicy.defaults().withShare(GatePolicy.parseShare("--account-share", share));
    }
}
