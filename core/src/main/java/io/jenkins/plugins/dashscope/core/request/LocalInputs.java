package io.jenkins.plugins.dashscope.core.request;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The image inputs of a request that are local files, for a host whose files live elsewhere (a Jenkins
 * agent's workspace) and must be copied next to the uploader first. Each must be a relative path that
 * stays inside the workspace; the returned request names them with {@code /} separators, so the same
 * text resolves in the workspace and in the copy.
 *
 * @param files role to workspace-relative path, {@code /}-separated
 */
public record LocalInputs(GenerationRequest request, Map<ImageRole, String> files) {

    public LocalInputs {
        Map<ImageRole, String> copy = new EnumMap<>(ImageRole.class);
        copy.putAll(files);
        files = Collections.unmodifiableMap(copy);
    }

    public static LocalInputs of(GenerationRequest r) {
        Map<ImageRole, String> files = new EnumMap<>(ImageRole.class);
        GenerationRequest rewritten = r;
        for (ImageRole role : ImageRole.values()) {
            String text = role.valueIn(r);
            if (text == null
                    || text.isBlank()
                    || !(ImageSource.parse(role.field(), text, null) instanceof ImageSource.Local)) {
                continue;
            }
            String relative = WorkspacePath.relative(
                    role.field(), text, "a URL, or a file path relative to the workspace that stays inside it");
            files.put(role, relative);
            rewritten = role.withValue(rewritten, relative);
        }
        return new LocalInputs(rewritten, files);
    }
}
