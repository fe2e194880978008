package io.jenkins.plugins.dashscope.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.dashscope.core.common.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TaskPageTest {

    private static JsonNode json(String s) throws Exception {
        return Json.newMapper().readTree(s);
    }

    @Test
    void creationTimesAreInstantsOnlyWhenTheyCarryTheirZone() throws Exception {
        TaskPage page = TaskPage.parse(json("""
                        {"data": [
                          {"task_id": "a", "status": "RUNNING", "model_name": "wanx-v1", "gmt_create": 1764835200123,
                           "request_id": "r-a"},
                          {"task_id": "b", "status": "PENDING", "model_name": "wanx-v1", "gmt_create": "1764835200456"},
                          {"task_id": "c", "status": "SUCCEEDED", "model_name": "wanx-v1",
                           "gmt_create": "2025-12-04 08:00:00.123"},
                          {"task_id": "d", "status": "SUCCEEDED", "model_name": "wanx-v1"}
                        ],
                        "total": 4, "total_page": 1, "page_no": 1, "page_size": 10}
                        """), "Thu, 04 Dec 2025 08:00:05 GMT");

        assertThat(page.tasks())
                .extracting(TaskPage.Entry::createdAt)
                .containsExactly(
                        Instant.ofEpochMilli(1764835200123L), Instant.ofEpochMilli(1764835200456L), null, null);
        assertThat(page.tasks().get(0).requestId()).isEqualTo("r-a");
        assertThat(page.tasks().get(1).requestId()).isNull();
        assertThat(page.tasks().get(2).created()).isEqualTo("2025-12-04 08:00:00.123");
        assertThat(page.serverTime()).isEqualTo(Instant.parse("2025-12-04T08:00:05Z"));
        assertThat(page.totalPages()).isEqualTo(1);
    }

    @Test
    void aMissingOrUnreadableDateIsNoServerTime() throws Exception {
        assertThat(TaskPage.parse(json("{\"data\": []}"), null).serverTime()).isNull();
        assertThat(TaskPage.parse(json("{\"data\": []}"), "yesterday").serverTime())
                .isNull();
    }
}
