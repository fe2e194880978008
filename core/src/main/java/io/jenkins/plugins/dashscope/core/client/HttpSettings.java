package io.jenkins.plugins.dashscope.core.client;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the product talks HTTP: timeouts, proxy, user agent, connection pool.
 *
 * @param responseTimeout how long a request may wait for bytes (a hung connection fails after it)
 * @param proxy null for direct connections
 */
public record HttpSettings(
        Duration connectTimeout, Duration responseTimeout, ProxySettings proxy, String userAgent, int maxConnections)
        implements Serializable {

    public static final String USER_AGENT = "dashscope-image-jenkins/0.1";

    public HttpSettings {
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || responseTimeout.isNegative()
                || responseTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
    }

    public static HttpSettings defaults() {
        return new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), null, USER_AGENT, 64);
    }

    public HttpSettings withProxy(ProxySettings p) {
        return new HttpSettings(connectTimeout, responseTimeout, p, userAgent, maxConnections);
    }

    public HttpSettings withResponseTimeout(Duration d) {
        return new HttpSettings(connectTimeout, d, proxy, userAgent, maxConnections);
    }
}
