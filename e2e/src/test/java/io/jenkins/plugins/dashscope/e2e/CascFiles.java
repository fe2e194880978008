package io.jenkins.plugins.dashscope.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * Configuration as Code for a Jenkins of the kit: the YAML names secrets as {@code ${NAME}}, and each value
 * is a file in a folder that CasC reads through its {@code SECRETS} variable. Neither is under the home, and
 * no secret is put in the controller's environment, which every build inherits and Pipeline saves.
 */
final class CascFiles {

    private CascFiles() {}

    /**
     * Writes {@code casc.yaml} and {@code secrets/NAME} under {@code work}; returns the controller's environment.
     * The YAML is Jenkins' own security (its user database with {@code admin}; logged-in users may do anything,
     * anonymous may read) followed by {@code moreYaml}, whose {@code ${NAME}} refer to {@code secrets}.
     */
    static Map<String, String> write(
            Path work, String systemMessage, String adminPassword, String moreYaml, Map<String, String> secrets)
            throws IOException {
        return write(work, systemMessage, adminPassword, Map.of(), moreYaml, secrets);
    }

    /** The same, with more users by id and password (each a secret of its own). */
    static Map<String, String> write(
            Path work,
            String systemMessage,
            String adminPassword,
            Map<String, String> moreUsers,
            String moreYaml,
            Map<String, String> secrets)
            throws IOException {
        Path folder = Files.createDirectories(work.resolve("secrets"));
        Map<String, String> all = new HashMap<>(secrets);
        all.put("ADMIN_PASSWORD", adminPassword);
        StringBuilder users = new StringBuilder();
        moreUsers.forEach((id, password) -> {
            String secret = id.toUpperCase(java.util.Locale.ROOT) + "_PASSWORD";
            all.put(secret, password);
            users.append("        - id: \"")
                    .append(id)
                    .append("\"\n")
                    .append("          password: \"${")
                    .append(secret)
                    .append("}\"\n");
        });
        for (Map.Entry<String, String> e : all.entrySet()) {
            Path file = folder.resolve(e.getKey());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        Path casc = work.resolve("casc.yaml");
        Files.writeString(
                casc, """
                jenkins:
                  systemMessage: "%s"
                  numExecutors: 4
                  securityRealm:
                    local:
                      allowsSignup: false
                      users:
                        - id: "%s"
                          password: "${ADMIN_PASSWORD}"
                %s  authorizationStrategy:
                    loggedInUsersCanDoAnything:
                      allowAnonymousRead: true
                """.formatted(systemMessage, RealJenkins.ADMIN, users) + moreYaml, StandardCharsets.UTF_8);
        return Map.of("CASC_JENKINS_CONFIG", casc.toString(), "SECRETS", folder.toString());
    }
}
