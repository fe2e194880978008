package io.jenkins.plugins.dashscope.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hudson.AbortException;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.workspace.PlanForm;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The form in which program.dat keeps a generation step: one JSON text with a version, written from plain values
 * under names of its own, so that renaming or moving a class (of the core or of this plugin) never breaks the resume
 * of a running build. A form of a newer version than this code reads is refused with a message, not guessed at.
 */
final class StateForm {

    /** The form this code writes; it reads this one only. Raise it when a field changes meaning or goes away. */
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = Json.newMapper();

    private StateForm() {}

    static String write(GenerationState state) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("version", VERSION)
                .put("deadline", state.deadlineMillis())
                .put("dryRun", state.dryRun())
                .put("planned", state.planned());
        SetReport set = state.set();
        if (set != null) {
            root.putObject("set")
                    .put("spec", set.specFile())
                    .put("outputDir", set.outputDir())
                    .put("archive", set.archive())
                    .put("allowPartial", set.allowPartial());
        }
        ArrayNode variants = root.putArray("generations");
        state.variants().forEach(v -> write(variants.addObject(), v));
        return root.toString();
    }

    private static void write(ObjectNode out, VariantProgress v) {
        PlanForm.write(out, v.plan());
        out.put("reusedManifest", v.reusedManifest());
        if (v.hold() != null) {
            out.put("hold", v.hold());
        }
        ObjectNode values = out.putObject("values");
        v.values().forEach(values::put);
        SubmittedTask t = v.task();
        if (t != null) {
            out.putObject("task")
                    .put("id", t.taskId())
                    .put("requestId", t.requestId())
                    .put("model", t.model())
                    .put("api", t.api())
                    .put("requested", t.requested())
                    .put("submittedAt", t.submittedAtMillis())
                    .put("request", t.requestJson())
                    .put("fingerprint", t.fingerprint());
        }
    }

    /** @throws AbortException when the form is of a version this code does not read */
    static GenerationState read(String json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new AbortException(Messages.StateForm_UnknownVersion(version, VERSION));
        }
        boolean dryRun = root.path("dryRun").asBoolean();
        JsonNode s = root.path("set");
        SetReport set = s.isObject()
                ? new SetReport(
                        text(s, "spec"),
                        text(s, "outputDir"),
                        s.path("archive").asBoolean(),
                        s.path("allowPartial").asBoolean(),
                        dryRun)
                : null;
        List<VariantProgress> variants = new ArrayList<>();
        for (JsonNode g : root.path("generations")) {
            variants.add(readGeneration(g, dryRun));
        }
        return new GenerationState(
                set,
                dryRun,
                root.path("deadline").asLong(),
                root.path("planned").asBoolean(),
                variants);
    }

    private static VariantProgress readGeneration(JsonNode g, boolean dryRun) {
        WorkspacePlan plan = PlanForm.read(g, dryRun);
        Map<String, String> values = new LinkedHashMap<>();
        g.path("values")
                .fields()
                .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        JsonNode t = g.path("task");
        SubmittedTask task = t.isObject()
                ? new SubmittedTask(
                        text(t, "id"),
                        text(t, "requestId"),
                        text(t, "model"),
                        text(t, "api"),
                        t.path("requested").asInt(),
                        t.path("submittedAt").asLong(),
                        text(t, "request"),
                        text(t, "fingerprint"))
                : null;
        return new VariantProgress(plan, values, task, text(g, "reusedManifest"), text(g, "hold"));
    }

    private static String text(JsonNode node, String field) {
        return PlanForm.text(node, field);
    }
}
