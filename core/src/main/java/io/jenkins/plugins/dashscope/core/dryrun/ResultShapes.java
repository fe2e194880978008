package io.jenkins.plugins.dashscope.core.dryrun;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.dashscope.core.catalog.ApiFamily;
import io.jenkins.plugins.dashscope.core.client.TaskStatus;
import java.util.function.IntFunction;

/**
 * The results part of a task answer, as each API family shapes it (the vendor documents' {@code results} with
 * {@code task_metrics}, or {@code choices}); shared by the dry run's fake and the test simulator.
 */
public final class ResultShapes {

    private ResultShapes() {
    }

    /**
     * @param succeeded images that came out; the others fail with a code ({@code moderated}: the output check's)
     * @param url       the download URL of image {@code i} (1-based)
     */
    public static void add(ObjectNode root, ObjectNode out, ApiFamily family, TaskStatus status, int images, int succeeded,
            boolean moderated, IntFunction<String> url, String prompt, int width, int height) {
        boolean done = status.isTerminal();
        if (family.output() == ApiFamily.Output.RESULTS) {
            if (status != TaskStatus.PENDING && status != TaskStatus.CANCELED) {
                ObjectNode m = out.putObject("task_metrics");
                m.put("TOTAL", images);
                m.put("SUCCEEDED", done ? succeeded : 0);
                m.put("FAILED", done ? images - succeeded : 0);
            }
            if (status == TaskStatus.SUCCEEDED) {
                ArrayNode results = out.putArray("results");
                for (int i = 1; i <= images; i++) {
                    ObjectNode r = results.addObject();
                    if (i > succeeded) {
                        if (moderated) {
                            r.put("code", "DataInspectionFailed").put("message", "Output data may contain inappropriate content.");
                        } else {
                            r.put("code", "InternalError.Timeout").put("message",
                                    "An internal timeout error has occured during execution, please try again later or contact service support.");
                        }
                    } else {
                        r.put("url", url.apply(i));
                        r.put("orig_prompt", prompt).put("actual_prompt", prompt + " (extended by the simulator)");
                    }
                }
                root.putObject("usage").put("image_count", succeeded);
            }
        } else if (status == TaskStatus.SUCCEEDED) {
            ArrayNode choices = out.putArray("choices");
            for (int i = 1; i <= succeeded; i++) {
                ObjectNode msg = choices.addObject().put("finish_reason", "stop").putObject("message");
                msg.put("role", "assistant");
                msg.putArray("content").addObject().put("image", url.apply(i)).put("type", "image");
            }
            out.put("finished", true);
            root.putObject("usage").put("image_count", succeeded).put("width", width).put("height", height)
                    .put("size", width + "*" + height);
        }
    }
}
