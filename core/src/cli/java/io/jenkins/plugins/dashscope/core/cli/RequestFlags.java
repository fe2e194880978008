package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.request.RequestOption;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The command line's request options, made from the option table: one flag per option, in its order. */
final class RequestFlags {

    private RequestFlags() {}

    /**
     * One flag per option of the table, in its order, with its type and help; booleans take an optional
     * value ({@code --watermark} or {@code --watermark=false}), the extras are repeatable {@code KEY=VALUE}.
     */
    static void addTo(CommandSpec command) {
        for (RequestOption option : RequestOption.values()) {
            OptionSpec.Builder flag = OptionSpec.builder(option.cliFlag())
                    .order(2 * option.ordinal())
                    .description(option.help().replace("%", "%%")); // picocli formats it: a bare % is a format error
            switch (option.kind()) {
                case SWITCH ->
                    flag.type(Boolean.class).arity("0..1").fallbackValue("true").paramLabel("true|false");
                case MAP ->
                    flag.type(Map.class)
                            .auxiliaryTypes(String.class, String.class)
                            .paramLabel("KEY=VALUE");
                case IMAGES ->
                    flag.type(List.class).auxiliaryTypes(String.class).paramLabel("<url-or-file>");
                default -> flag.type(option.kind().type()).paramLabel(label(option.kind()));
            }
            command.addOption(flag.build());
        }
    }

    private static String label(RequestOption.Kind kind) {
        return switch (kind) {
            case TEXT, PARAGRAPH -> "<text>";
            case CHOICE -> "<name>";
            case IMAGE -> "<url-or-file>";
            case COUNT, NUMBER -> "<number>";
            case FRACTION -> "<decimal>";
            case COLORS -> "<r,g,b;...>";
            case PALETTE -> "<#RRGGBB:NN%;...>";
            case BOXES -> "<x1,y1,x2,y2;...|...>";
            case SWITCH, MAP, IMAGES -> throw new IllegalArgumentException(kind.name()); // labelled above
        };
    }
}
