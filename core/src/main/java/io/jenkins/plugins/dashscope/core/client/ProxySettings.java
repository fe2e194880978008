package io.jenkins.plugins.dashscope.core.client;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An HTTP proxy and the hosts that bypass it ({@code *.example.com}, {@code 10.*}, exact names), as
 * Jenkins' proxy settings describe one. Its user and password are {@link ProxyCredentials}, kept apart so
 * that this value may travel and be saved.
 */
public record ProxySettings(String host, int port, List<String> noProxyHosts) implements Serializable {

    public ProxySettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("proxy host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port " + port + " is not 1..65535");
        }
        noProxyHosts = noProxyHosts == null
                ? List.of()
                : noProxyHosts.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    /** Whether a request to this host goes direct. */
    public boolean bypasses(String targetHost) {
        String h = targetHost.toLowerCase(Locale.ROOT);
        for (String pattern : noProxyHosts) {
            String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
            if (h.matches(regex)) {
                return true;
            }
        }
        return false;
    }
}
