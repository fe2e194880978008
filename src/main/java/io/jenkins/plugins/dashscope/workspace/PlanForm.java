package io.jenkins.plugins.dashscope.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.common.Json;
import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.RequestForm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link WorkspacePlan} as plain JSON under names of its own: in a step's saved state (program.dat), and, with
 * the request, as what a build keeps to generate the same again when a reviewer asks ({@link #retake}).
 */
public final class PlanForm {

    private static final ObjectMapper MAPPER = Json.newMapper();

    /** A plan and its request, as a retake reads them back. */
    public record Retake(WorkspacePlan plan, GenerationRequest request) {}

    private PlanForm() {}

    public static void write(ObjectNode out, WorkspacePlan p) {
        out.put("outputDir", p.outputDir())
                .put("prefix", p.prefix())
                .put("archive", p.archive())
                .put("allowPartial", p.allowPartial())
                .put("credentialsId", p.credentialsId())
                .put("region", p.region())
                .put("endpoint", p.endpoint())
                .put("contactSheet", p.finishing().contactSheet())
                .put("asset", p.asset())
                .put("variant", p.variant());
        ArrayNode outputs = out.putArray("outputs");
        p.finishing().outputs().forEach(o -> outputs.add(o.toText()));
        if (!p.finishing().values().isEmpty()) {
            ObjectNode values = out.putObject("finishingValues");
            p.finishing().values().forEach(values::put);
        }
    }

    /** @param dryRun whether the plan is the simulator's (kept once for the whole step) */
    public static WorkspacePlan read(JsonNode g, boolean dryRun) {
        List<DerivedSize> outputs = new ArrayList<>();
        for (JsonNode o : g.path("outputs")) {
            outputs.add(DerivedSize.parse(outputs.size() + 1, o.asText()));
        }
        return new WorkspacePlan(
                text(g, "outputDir"),
                text(g, "prefix"),
                g.path("archive").asBoolean(),
                g.path("allowPartial").asBoolean(),
                dryRun,
                text(g, "credentialsId"),
                text(g, "region"),
                text(g, "endpoint"),
                new Finishing(outputs, g.path("contactSheet").asBoolean(), finishingValues(g)),
                text(g, "asset"),
                text(g, "variant"));
    }

    private static Map<String, String> finishingValues(JsonNode g) {
        Map<String, String> values = new LinkedHashMap<>();
        g.path("finishingValues")
                .fields()
                .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    /** What a retake of the generation needs: where and how it went, and what it asked (paths, never contents). */
    static String retake(WorkspacePlan plan, GenerationRequest request) {
        ObjectNode root = MAPPER.createObjectNode().put("dryRun", plan.dryRun());
        write(root.putObject("plan"), plan);
        root.put("request", RequestForm.write(request));
        return root.toString();
    }

    /** @throws IOException when the text is not a retake form (an edited build record) */
    public static Retake retake(String form) throws IOException {
        JsonNode root = MAPPER.readTree(form);
        try {
            return new Retake(
                    read(root.path("plan"), root.path("dryRun").asBoolean()), RequestForm.read(text(root, "request")));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A string field; absent and JSON null alike are null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
