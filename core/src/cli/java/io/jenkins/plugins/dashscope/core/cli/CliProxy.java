package io.jenkins.plugins.dashscope.core.cli;

import io.jenkins.plugins.dashscope.core.client.ProxyCredentials;
import io.jenkins.plugins.dashscope.core.client.ProxySettings;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The proxy a command-line user has set up for Java or for the shell: {@code -Dhttps.proxyHost}/{@code
 * https.proxyPort} with {@code http.nonProxyHosts}, else {@code HTTPS_PROXY} (or {@code https_proxy}) with
 * {@code NO_PROXY}. Null when there is none.
 */
final class CliProxy {

    /** The proxy and, when the URL carries them, its user and password. */
    record Setup(ProxySettings proxy, ProxyCredentials credentials) {}

    private CliProxy() {}

    static Setup from(Map<String, String> env, Properties system) {
        String host = system.getProperty("https.proxyHost");
        if (host != null && !host.isBlank()) {
            String nonProxy = system.getProperty("http.nonProxyHosts", "");
            return new Setup(
                    new ProxySettings(
                            host.trim(),
                            port(system.getProperty("https.proxyPort"), 443),
                            Arrays.asList(nonProxy.split("\\|"))),
                    null);
        }
        String url = firstOf(env, "HTTPS_PROXY", "https_proxy");
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url.contains("://") ? url.trim() : "http://" + url.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("proxy", "HTTPS_PROXY is not a URL such as http://proxy.corp:3128");
        }
        if (uri.getHost() == null) {
            throw new InvalidRequestException("proxy", "HTTPS_PROXY names no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        }
        String noProxy = firstOf(env, "NO_PROXY", "no_proxy");
        List<String> bypass = noProxy == null
                ? List.of()
                : Arrays.stream(noProxy.split(","))
                        .map(h -> h.trim().startsWith(".") ? "*" + h.trim() : h.trim())
                        .toList();
        return new Setup(
                new ProxySettings(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 3128, bypass),
                ProxyCredentials.of(user, password));
    }

    private static String firstOf(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static int port(String text, int otherwise) {
        try {
            return text == null || text.isBlank() ? otherwise : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("proxy", "https.proxyPort '" + text + "' is not a number");
        }
    }
}
