package io.jenkins.plugins.dashscope.core.client;

import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The base URL every call goes below, ending in {@code /api/v1}: a region's, or any other (a workspace
 * domain, a gateway, the simulator).
 */
public record Endpoint(URI baseUrl) {

    public Endpoint {
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw InvalidRequestException.of("endpoint", baseUrl, "an http(s) URL ending in /api/v1");
        }
        if (baseUrl.getHost() == null
                || baseUrl.getRawUserInfo() != null
                || baseUrl.getRawQuery() != null
                || baseUrl.getRawFragment() != null) {
            throw InvalidRequestException.of(
                    "endpoint", baseUrl, "an http(s) URL with a host, no user info, query or fragment");
        }
        String path = baseUrl.getPath() == null ? "" : baseUrl.getPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
            baseUrl = URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + path);
        }
        if (!path.endsWith("/api/v1")) {
            throw InvalidRequestException.of("endpoint", baseUrl, "an http(s) URL ending in /api/v1");
        }
        // the key travels in a header: in clear text only to this machine (a simulator, a local gateway)
        if (scheme.equals("http") && !isLoopback(baseUrl.getHost())) {
            throw InvalidRequestException.of(
                    "endpoint", baseUrl, "an https URL (http only for localhost or 127.0.0.1)");
        }
    }

    /** Loopback by name or address, without asking DNS. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }

    public static Endpoint of(Region region) {
        return new Endpoint(region.baseUrl());
    }

    /** Parses a user-supplied base URL; the error names the field {@code endpoint}. */
    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("endpoint", "is empty");
        }
        try {
            return new Endpoint(new URI(text.trim()));
        } catch (URISyntaxException e) {
            throw InvalidRequestException.of("endpoint", text, "an http(s) URL ending in /api/v1");
        }
    }

    /** Region when given, else the endpoint URL when given, else the default region. */
    public static Endpoint choose(String region, String endpoint) {
        boolean hasRegion = region != null && !region.isBlank();
        boolean hasEndpoint = endpoint != null && !endpoint.isBlank();
        if (hasRegion && hasEndpoint) {
            throw new InvalidRequestException("endpoint", "give either region or endpoint, not both");
        }
        if (hasEndpoint) {
            return parse(endpoint);
        }
        if (hasRegion) {
            return of(Region.byId(region)
                    .orElseThrow(() -> InvalidRequestException.of("region", region, Region.allowedIds())));
        }
        return of(Region.DEFAULT);
    }

    public URI resolve(String relative) {
        return URI.create(baseUrl + "/" + relative);
    }

    public String host() {
        return baseUrl.getHost().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return baseUrl.toString();
    }
}
