package io.jenkins.plugins.dashscope.core.client;

/**
 * The user and password for an HTTP proxy. Deliberately not {@code Serializable}: it must not end up in a
 * saved build or travel to an agent by accident; a host that decides to send it does so explicitly.
 */
public record ProxyCredentials(String username, String password) {

    /** Null when there is no user: the proxy is then used without authentication. */
    public static ProxyCredentials of(String username, String password) {
        return username == null || username.isEmpty() ? null : new ProxyCredentials(username, password);
    }

    @Override
    public String toString() {
        return "ProxyCredentials[user " + username + ", password ****]";
    }
}
