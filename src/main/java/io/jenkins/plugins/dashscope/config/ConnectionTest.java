package io.jenkins.plugins.dashscope.config;

import hudson.util.FormValidation;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.Endpoint;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.generation.GenerationEngine;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The global settings' connection test: one task listed with the saved key at the saved endpoint. */
final class ConnectionTest {

    private ConnectionTest() {}

    /** @param credentialsId the saved default credential; never one from the request */
    static FormValidation run(Endpoint target, String credentialsId) {
        try {
            ApiKey key = ApiKeys.global(credentialsId);
            GenerationEngine engine = DashScopeService.get().engine(target);
            engine.client().list(key, Map.of("page_size", "1")).get(30, TimeUnit.SECONDS);
            return FormValidation.ok(Messages.DashScopeConfiguration_Connected(target.toString()));
        } catch (InvalidRequestException | ApiKeys.MissingKey e) {
            return FormValidation.error(e.getMessage());
        } catch (ExecutionException e) {
            DashScopeException d = DashScopeException.from(e);
            return FormValidation.error(
                    Messages.DashScopeConfiguration_ConnectionFailed(d.kind().name(), d.getMessage()));
        } catch (TimeoutException e) {
            return FormValidation.error(
                    Messages.DashScopeConfiguration_ConnectionFailed("TIMEOUT", "no answer in 30 s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FormValidation.error(Messages.DashScopeConfiguration_ConnectionFailed("CANCELLED", "interrupted"));
        }
    }
}
