package io.jenkins.plugins.dashscope.core.cli;

import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code dashscope-image-cli.jar}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the CLI with the given environment and streams; answers the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine cmd = new CommandLine(new GenerateCommand(env, out, err));
        RequestFlags.addTo(cmd.getCommandSpec());
        cmd.setOut(new java.io.PrintWriter(out, true));
        cmd.setErr(new java.io.PrintWriter(err, true));
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            err.println("Try --help for the options.");
            return ExitCodes.INVALID_INPUT;
        });
        return cmd.execute(args);
    }
}
