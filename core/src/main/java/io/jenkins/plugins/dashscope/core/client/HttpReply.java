package io.jenkins.plugins.dashscope.core.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete small response (JSON calls). Header names are lower case. */
public record HttpReply(int status, Map<String, String> headers, byte[] body) {

    public HttpReply {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
