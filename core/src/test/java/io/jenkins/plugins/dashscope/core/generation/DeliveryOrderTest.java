package io.jenkins.plugins.dashscope.core.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.common.DashScopeException;
import io.jenkins.plugins.dashscope.core.common.ErrorKind;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.manifest.ManifestStore;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.testing.SimulatorFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery in "another JVM", as the Jenkins step does it: the order is serialized (as remoting would),
 * run against a different folder, and its manifest turned back into the result.
 */
class DeliveryOrderTest {

    private final SimulatorFixture fx = new SimulatorFixture();
    private final List<byte[]> shipped = new CopyOnWriteArrayList<>();
    private final List<GenerationEvent> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path controller;

    @TempDir
    Path agent;

    @AfterEach
    void close() {
        fx.close();
    }

    /** Serializes the order, delivers it into the "agent" folder and rebuilds the result from the manifest. */
    private Delivery remote() {
        return order -> CompletableFuture.supplyAsync(() -> {
            try {
                byte[] bytes = serialize(order);
                shipped.add(bytes);
                DeliveryOrder received =
                        (DeliveryOrder) new ObjectInputStream(new ByteArrayInputStream(bytes)).readObject();
                String json = received.deliverInto(agent, "generated-images", "asset", Finishing.NONE, null);
                return GenerationResult.of(new ManifestStore().fromJson(json), Path.of("generated-images"));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(o);
        }
        return out.toByteArray();
    }

    private Generation start(String prompt, int n) {
        GenerationEngine e = fx.engine();
        GenerationRequest r = GenerationRequest.builder().prompt(prompt).n(n).build();
        return e.generate(
                fx.key,
                e.prepare(r, controller),
                fx.clock.instant().plusSeconds(20),
                events::add,
                remote(),
                task -> {});
    }

    @Test
    void deliversIntoTheOtherFolderWithRelativePathsAndNoKey() throws Exception {
        GenerationResult result = start("a poster", 2).result().get(60, TimeUnit.SECONDS);

        assertThat(result.images())
                .extracting(i -> i.file().toString().replace('\\', '/'))
                .containsExactly("generated-images/asset-1.png", "generated-images/asset-2.png");
        for (var img : result.images()) {
            byte[] bytes = Files.readAllBytes(agent.resolve(img.file()));
            assertThat(HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(bytes)))
                    .isEqualTo(img.sha256());
        }
        assertThat(agent.resolve("generated-images/manifest.json")).exists();
        try (var files = Files.list(controller)) {
            assertThat(files).isEmpty();
        }
        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsSubsequence("Submitted", "ImageSaved", "ImageSaved", "Done");
        assertThat(shipped)
                .singleElement()
                .satisfies(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                        .doesNotContain(SimulatorFixture.KEY));
        assertThat(fx.simulator.count(RequestKind.SUBMIT)).isEqualTo(1);
    }

    @Test
    void aFailedTaskIsRecordedInTheOtherFolderAndFailsTyped() throws Exception {
        Generation g = start("simulate:fail", 1);

        assertThatThrownBy(() -> g.result().get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        DashScopeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TASK_FAILED));
        assertThat(new ManifestStore()
                        .read(agent.resolve("generated-images/manifest.json"))
                        .status())
                .isEqualTo("FAILED");
    }

    @Test
    void anOrderRefusesAnOutputFolderOutsideItsBase() throws Exception {
        GenerationResult done = start("first", 1).result().get(60, TimeUnit.SECONDS);
        assertThat(done.images()).hasSize(1);
        DeliveryOrder order =
                (DeliveryOrder) new ObjectInputStream(new ByteArrayInputStream(shipped.get(0))).readObject();
        assertThatThrownBy(() -> order.deliverInto(agent, "../elsewhere", "asset", Finishing.NONE, null))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("outputDir"));
        assertThat(agent.resolveSibling("elsewhere")).doesNotExist();
    }

    /**
     * Finding 17: an order for an agent carries the proxy without its user and password, which are kept apart in a
     * type that cannot be serialized at all.
     */
    @Test
    void anOrderCarriesNoProxyCredentials() throws Exception {
        try (SimulatorFixture proxied = new SimulatorFixture(
                s -> s,
                e -> e.withHttp(e.http()
                                .withProxy(new io.jenkins.plugins.dashscope.core.client.ProxySettings(
                                        "proxy.corp", 3128, List.of())))
                        .withProxyCredentials(io.jenkins.plugins.dashscope.core.client.ProxyCredentials.of(
                                "builder", "proxy-Pa55word")))) {
            io.jenkins.plugins.dashscope.core.client.TaskSnapshot done =
                    new io.jenkins.plugins.dashscope.core.client.TaskSnapshot(
                            "t1",
                            io.jenkins.plugins.dashscope.core.client.TaskStatus.SUCCEEDED,
                            "r1",
                            null,
                            null,
                            List.of(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null);
            GenerationEngine engine = proxied.engine();
            DeliveryOrder order = engine.orderFor(
                    new SubmittedTask("t1", "r1", "wanx-v1", "text2image", 1, 0, "{}"),
                    new io.jenkins.plugins.dashscope.core.wait.WaitOutcome(
                            done, 1, 0, java.time.Instant.EPOCH, java.time.Instant.EPOCH),
                    java.time.Instant.now().plusSeconds(60));

            String bytes = new String(serialize(order), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(bytes)
                    .doesNotContain("proxy-Pa55word")
                    .doesNotContain("builder")
                    .contains("proxy.corp");
            assertThat(java.io.Serializable.class.isAssignableFrom(
                            io.jenkins.plugins.dashscope.core.client.ProxyCredentials.class))
                    .isFalse();
        }
    }
}
