package io.jenkins.plugins.dashscope.core.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h}; a bare number is seconds; at most 24 h. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    static final Duration MAX = Duration.ofHours(24);
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = FORMAT.matcher(value.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 90s, 10m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d =
                switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
        if (d.isZero()) {
            throw new CommandLine.TypeConversionException("the timeout must be longer than zero");
        }
        if (d.compareTo(MAX) > 0) { // a task and its results are kept 24 h; waiting longer cannot help
            throw new CommandLine.TypeConversionException("'" + value + "' is longer than the longest timeout, 24h");
        }
        return d;
    }
}
