package io.jenkins.plugins.dashscope.core.upload;

import io.jenkins.plugins.dashscope.core.client.ApiKey;
import io.jenkins.plugins.dashscope.core.client.DashScopeClient;
import io.jenkins.plugins.dashscope.core.client.HttpCall;
import io.jenkins.plugins.dashscope.core.client.UploadPolicy;
import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.request.ImageRole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Uploads local inputs with the vendor's flow: one upload policy per call, then an OSS form post per
 * file under a unique name (the policy forbids overwrites), answering {@code oss://} URLs.
 */
public final class InputUploader {

    private final DashScopeClient client;
    private final Executor worker;

    /** @param worker reads the files and builds the forms, off the HTTP I/O threads */
    public InputUploader(DashScopeClient client, Executor worker) {
        this.client = client;
        this.worker = worker;
    }

    public CompletableFuture<Map<ImageRole, String>> upload(
            ApiKey key, String model, Map<ImageRole, InspectedImage> files) {
        if (files.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return client.uploadPolicy(key, model)
                .thenComposeAsync(
                        policy -> {
                            Map<ImageRole, CompletableFuture<String>> posts = new EnumMap<>(ImageRole.class);
                            files.forEach((role, image) -> posts.put(role, post(policy, role, image)));
                            return CompletableFuture.allOf(posts.values().toArray(CompletableFuture[]::new))
                                    .thenApply(v -> {
                                        Map<ImageRole, String> urls = new EnumMap<>(ImageRole.class);
                                        posts.forEach((role, f) -> urls.put(role, f.join()));
                                        return urls;
                                    });
                        },
                        worker);
    }

    private CompletableFuture<String> post(UploadPolicy policy, ImageRole role, InspectedImage image) {
        String extension = image.format().equals("jpeg") ? "jpg" : image.format();
        String objectKey =
                policy.uploadDir() + "/" + role.name().toLowerCase() + "-" + UUID.randomUUID() + "." + extension;
        HttpEntity form = MultipartEntityBuilder.create()
                .setMode(HttpMultipartMode.STRICT)
                .addTextBody("OSSAccessKeyId", nullToEmpty(policy.accessKeyId()))
                .addTextBody("Signature", nullToEmpty(policy.signature()))
                .addTextBody("policy", nullToEmpty(policy.policy()))
                .addTextBody("key", objectKey)
                .addTextBody("x-oss-object-acl", nullToEmpty(policy.objectAcl()))
                .addTextBody("x-oss-forbid-overwrite", nullToEmpty(policy.forbidOverwrite()))
                .addTextBody("success_action_status", "200")
                .addTextBody("x-oss-content-type", image.mimeType())
                .addBinaryBody(
                        "file",
                        readAll(image),
                        ContentType.create(image.mimeType()),
                        objectKey.substring(objectKey.lastIndexOf('/') + 1))
                .build();
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) image.bytes() + 4096);
        try {
            form.writeTo(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpCall call = new HttpCall(
                "POST", policy.uploadHost(), null, Map.of(), body.toByteArray(), form.getContentType(), null);
        return client.transport().exchange(call).handle((reply, failure) -> {
            if (failure != null) {
                throw new DashScopeException(
                        ErrorKind.NETWORK,
                        null,
                        "uploading " + role.field() + " failed: " + failure.getMessage(),
                        null,
                        0,
                        false,
                        failure);
            }
            if (reply.status() != 200) {
                throw new DashScopeException(
                        reply.status() == 403 ? ErrorKind.AUTHENTICATION : ErrorKind.SERVER,
                        null,
                        "uploading " + role.field() + " was refused with HTTP " + reply.status(),
                        null,
                        reply.status(),
                        true,
                        null);
            }
            return "oss://" + objectKey;
        });
    }

    private static byte[] readAll(InspectedImage image) {
        try {
            return Files.readAllBytes(image.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
