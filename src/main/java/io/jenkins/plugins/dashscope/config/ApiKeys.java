package io.jenkins.plugins.dashscope.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.security.ACL;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Where a build's API key comes from: the step's credentials id, else the global default id, else
 * {@code DASHSCOPE_API_KEY} in the step's environment (so {@code withCredentials} works). The key is
 * read on the controller and never leaves it; messages name the id, never the secret.
 */
public final class ApiKeys {

    static final String ENV_VARIABLE = "DASHSCOPE_API_KEY";

    /** A missing or unusable key; its message says which id and what to do. */
    static final class MissingKey extends AbortException {
        private static final long serialVersionUID = 1L;

        MissingKey(String message) {
            super(message);
        }
    }

    private ApiKeys() {}

    /**
     * The key of a step that calls {@code target}. The administrator's default credential goes only to the
     * configured endpoint: a step that names another endpoint or region must name its own credential (or bind
     * DASHSCOPE_API_KEY).
     */
    public static ApiKey forEndpoint(
            Run<?, ?> run, @CheckForNull String stepCredentialsId, EnvVars env, Endpoint target) throws AbortException {
        DashScopeConfiguration config = DashScopeConfiguration.get();
        if (stepCredentialsId == null
                && config.getCredentialsId() != null
                && !target.equals(config.configuredEndpoint())) {
            throw new AbortException(Messages.ApiKeys_DefaultKeyElsewhere(target.toString()));
        }
        return forRun(run, stepCredentialsId, env);
    }

    public static ApiKey forRun(Run<?, ?> run, @CheckForNull String stepCredentialsId, EnvVars env) throws MissingKey {
        String id = stepCredentialsId != null
                ? stepCredentialsId
                : DashScopeConfiguration.get().getCredentialsId();
        if (id == null) {
            String fromEnv = env.get(ENV_VARIABLE);
            if (fromEnv == null || fromEnv.isBlank()) {
                throw new MissingKey(Messages.ApiKeys_NoKey(ENV_VARIABLE));
            }
            return of(fromEnv, Messages.ApiKeys_EnvSource(ENV_VARIABLE));
        }
        StringCredentials secret = CredentialsProvider.findCredentialById(id, StringCredentials.class, run);
        if (secret == null) {
            StandardCredentials other = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
            throw new MissingKey(
                    other == null
                            ? Messages.ApiKeys_NotFound(id)
                            : Messages.ApiKeys_WrongType(
                                    id, other.getDescriptor().getDisplayName()));
        }
        CredentialsProvider.track(run, secret);
        return of(secret.getSecret().getPlainText(), Messages.ApiKeys_CredentialSource(id));
    }

    /** The global default credential, for the configuration page's connection test (no build at hand). */
    static ApiKey global(@CheckForNull String id) throws MissingKey {
        if (id == null) {
            throw new MissingKey(Messages.ApiKeys_NoGlobalId());
        }
        StringCredentials secret = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(
                        StringCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(id));
        if (secret == null) {
            throw new MissingKey(Messages.ApiKeys_NotFound(id));
        }
        return of(secret.getSecret().getPlainText(), Messages.ApiKeys_CredentialSource(id));
    }

    private static ApiKey of(String value, String source) throws MissingKey {
        try {
            return ApiKey.of(value);
        } catch (IllegalArgumentException e) {
            // ApiKey's message describes the shape, never the value
            throw new MissingKey(source + ": " + e.getMessage());
        }
    }
}
