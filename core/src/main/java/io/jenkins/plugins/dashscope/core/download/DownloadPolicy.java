package io.jenkins.plugins.dashscope.core.download;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which result URLs may be fetched and how much. A URL must be {@code https} on the default port of a
 * DashScope result host ({@code dashscope-result-*.aliyuncs.com}) or an extra allowed host, or have the
 * endpoint's own origin (its scheme, host and port). Redirects are followed only within the same host,
 * and each hop must pass the same rule.
 *
 * @param endpointOrigin the API endpoint's {@code scheme://host:port}
 * @param extraHosts     further hosts, {@code *} matching any run of characters
 * @param maxDuration    how long one image's download may take, redirects included (5 minutes: 50 MB at
 *                       170 KB/s); a body trickling slower is abandoned and its part file removed
 */
public record DownloadPolicy(
        String endpointOrigin, List<String> extraHosts, long maxBytes, int maxRedirects, Duration maxDuration)
        implements Serializable {

    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(5);
    private static final List<String> RESULT_HOSTS = List.of("dashscope-result-*.aliyuncs.com");

    public DownloadPolicy {
        endpointOrigin = endpointOrigin == null ? "" : endpointOrigin.toLowerCase(Locale.ROOT);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }

    /** The rule for an endpoint's base URL, e.g. {@code https://dashscope.aliyuncs.com/api/v1}. */
    public static DownloadPolicy forEndpoint(URI endpoint) {
        return new DownloadPolicy(origin(endpoint), List.of(), DEFAULT_MAX_BYTES, 3, DEFAULT_MAX_DURATION);
    }

    public DownloadPolicy withMaxBytes(long bytes) {
        return new DownloadPolicy(endpointOrigin, extraHosts, bytes, maxRedirects, maxDuration);
    }

    public DownloadPolicy withExtraHosts(List<String> hosts) {
        return new DownloadPolicy(endpointOrigin, hosts, maxBytes, maxRedirects, maxDuration);
    }

    public DownloadPolicy withMaxDuration(Duration d) {
        return new DownloadPolicy(endpointOrigin, extraHosts, maxBytes, maxRedirects, d);
    }

    /**
     * Host patterns typed one per line or comma-separated (a form field): names of letters, digits, dots
     * and hyphens, {@code *} for any run of them. Blank means none.
     */
    public static List<String> parseHosts(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> hosts = java.util.Arrays.stream(text.split("[,\\s]+"))
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT))
                .toList();
        for (String h : hosts) {
            if (!h.matches("[a-z0-9*][a-z0-9.*-]*")
                    || h.replace("*", "").replace(".", "").isEmpty()) {
                throw io.jenkins.plugins.dashscope.core.common.InvalidRequestException.of(
                        "extraDownloadHosts",
                        h,
                        "host names such as images.example.com or *.example.com, one per line");
            }
        }
        return hosts;
    }

    /** Empty when the URL may be fetched, else why not. */
    public Optional<String> refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || uri.getRawUserInfo() != null) {
            return Optional.of("it has no host or carries user info");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("scheme '" + scheme + "' is not https");
        }
        if (origin(uri).equals(endpointOrigin)) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("it is not https");
        }
        if (uri.getPort() != -1 && uri.getPort() != 443) {
            return Optional.of("port " + uri.getPort() + " is not the https port");
        }
        for (String pattern : concat(RESULT_HOSTS, extraHosts)) {
            if (matches(pattern, host)) {
                return Optional.empty();
            }
        }
        return Optional.of("host " + host + " is not a DashScope result host or an allowed host");
    }

    /** {@code scheme://host:port} with the scheme's default port written out. */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    private static boolean matches(String pattern, String host) {
        String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E[a-z0-9.-]*\\Q");
        return host.matches(regex);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
