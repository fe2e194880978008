package io.jenkins.plugins.dashscope.core.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP request. The key is kept apart from the headers and turned into the Authorization header
 * only when the request is sent, so a call can be logged or put in an exception without the secret.
 *
 * @param key     null for calls that carry no DashScope key (OSS form upload)
 * @param timeout null for the transport's default response timeout
 */
public record HttpCall(
        String method,
        URI uri,
        ApiKey key,
        Map<String, String> headers,
        byte[] body,
        String contentType,
        Duration timeout) {

    public HttpCall {
        headers = Map.copyOf(headers);
    }

    public static HttpCall get(URI uri, ApiKey key) {
        return new HttpCall("GET", uri, key, Map.of(), null, null, null);
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
