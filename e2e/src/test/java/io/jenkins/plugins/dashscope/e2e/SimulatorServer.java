package io.jenkins.plugins.dashscope.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.dashscope.core.catalog.ModelLimits;
import io.jenkins.plugins.dashscope.core.gate.GatePolicy;
import io.jenkins.plugins.dashscope.core.simulator.DashScopeSimulator;
import io.jenkins.plugins.dashscope.core.simulator.Fault;
import io.jenkins.plugins.dashscope.core.simulator.RequestKind;
import io.jenkins.plugins.dashscope.core.simulator.SimulatorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * The DashScope simulator as a process of its own, so that it outlives a Jenkins restart: {@code KEY...}
 * are the API keys it accepts. It prints {@code api URL} and {@code admin URL} and serves until its standard
 * input closes. The admin server (loopback, a port of its own) answers {@code GET /stats} with the request
 * counts by kind, {@code POST /service-time?millis=N} sets how long tasks created from then on run, and
 * {@code POST /fault?kind=DOWNLOAD&fault=HANG&times=N} makes the next N requests of a kind misbehave.
 */
public final class SimulatorServer {

    private static volatile Duration serviceTime = Duration.ofMillis(300);

    private SimulatorServer() {}

    public static void main(String[] keys) throws IOException {
        // each model limited as the platform limits it in Beijing, and 20 task queries a second per key
        DashScopeSimulator simulator = DashScopeSimulator.start(SimulatorSettings.defaults(keys[0])
                .withKeys(Set.of(keys))
                .withServiceTime(i -> serviceTime)
                .withModelLimits(m -> ModelLimits.builtIn(m, "cn-beijing").orElse(ModelLimits.UNKNOWN))
                .withQueryLimit(GatePolicy.QUERIES_PER_SECOND, Duration.ofSeconds(1)));
        HttpServer admin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ObjectMapper mapper = new ObjectMapper();
        admin.createContext("/stats", ex -> {
            ObjectNode stats = mapper.createObjectNode();
            for (RequestKind kind : RequestKind.values()) {
                stats.put(kind.name(), simulator.count(kind));
            }
            stats.put("throttled", simulator.throttledAnswers());
            stats.put("tasks", simulator.tasksCreated());
            answer(ex, 200, mapper.writeValueAsBytes(stats));
        });
        admin.createContext("/detection", ex -> {
            // how long after its creation each task was first seen finished, in creation order (null: not yet)
            var tasks = mapper.createArrayNode();
            for (DashScopeSimulator.TaskTimeline t : simulator.timeline()) {
                var task = tasks.addObject().put("taskId", t.taskId());
                if (t.detected() != null) {
                    task.put(
                            "millis",
                            java.time.Duration.between(t.created(), t.detected())
                                    .toMillis());
                }
            }
            answer(ex, 200, mapper.writeValueAsBytes(tasks));
        });
        admin.createContext("/service-time", ex -> {
            String query = ex.getRequestURI().getQuery();
            if (!"POST".equals(ex.getRequestMethod()) || query == null || !query.matches("millis=\\d{1,9}")) {
                answer(ex, 400, "POST /service-time?millis=N".getBytes(StandardCharsets.UTF_8));
                return;
            }
            serviceTime = Duration.ofMillis(Long.parseLong(query.substring("millis=".length())));
            answer(ex, 204, null);
        });
        admin.createContext("/fault", ex -> {
            String query = ex.getRequestURI().getQuery();
            if (!"POST".equals(ex.getRequestMethod())
                    || query == null
                    || !query.matches("kind=[A-Z_]{1,20}&fault=[A-Z_]{1,30}&times=\\d{1,3}")) {
                answer(ex, 400, "POST /fault?kind=K&fault=F&times=N".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String[] p = query.split("[&=]");
            simulator.faults().inject(RequestKind.valueOf(p[1]), Fault.valueOf(p[3]), Integer.parseInt(p[5]));
            answer(ex, 204, null);
        });
        admin.start();
        System.out.println("api " + simulator.baseUrl());
        System.out.println("admin http://127.0.0.1:" + admin.getAddress().getPort());
        System.out.flush();
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // serve until the suite closes our standard input (or dies)
            }
        }
        admin.stop(0);
        simulator.close();
    }

    private static void answer(HttpExchange ex, int status, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body == null ? -1 : body.length);
            if (body != null) {
                ex.getResponseBody().write(body);
            }
        }
    }
}
