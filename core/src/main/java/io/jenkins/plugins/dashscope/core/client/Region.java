package io.jenkins.plugins.dashscope.core.client;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** DashScope regions. Keys are bound to a region: a key used elsewhere gets 401 InvalidApiKey. */
public enum Region {
    CN_BEIJING("cn-beijing", "https://dashscope.aliyuncs.com/api/v1"),
    AP_SOUTHEAST_1("ap-southeast-1", "https://dashscope-intl.aliyuncs.com/api/v1"),
    US_EAST_1("us-east-1", "https://dashscope-us.aliyuncs.com/api/v1"),
    CN_HONGKONG("cn-hongkong", "https://cn-hongkong.dashscope.aliyuncs.com/api/v1");

    public static final Region DEFAULT = CN_BEIJING;

    private final String id;
    private final URI baseUrl;

    Region(String id, String baseUrl) {
        this.id = id;
        this.baseUrl = URI.create(baseUrl);
    }

    public String id() {
        return id;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public static Optional<Region> byId(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.id.equals(t)).findFirst();
    }

    /** The region whose base URL an endpoint is; empty for any other endpoint. */
    public static Optional<Region> of(Endpoint endpoint) {
        return Arrays.stream(values())
                .filter(r -> r.baseUrl.equals(endpoint.baseUrl()))
                .findFirst();
    }

    public static String allowedIds() {
        return Arrays.stream(values()).map(Region::id).collect(Collectors.joining(", "));
    }
}
