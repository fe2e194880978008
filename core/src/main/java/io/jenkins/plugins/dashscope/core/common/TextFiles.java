package io.jenkins.plugins.dashscope.core.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small UTF-8 text files the user names (prompt, key, spec): read with a byte cap, never a device or a giant. */
public final class TextFiles {

    private TextFiles() {}

    /**
     * The file's text without a leading byte-order mark.
     *
     * @param field  the field named in errors
     * @param option the option the user gave, named in errors
     */
    public static String read(Path file, int maxBytes, String field, String option) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidRequestException(field, option + " " + file + " is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new InvalidRequestException(
                    field,
                    "cannot read " + option + " " + file + ": " + e.getClass().getSimpleName());
        }
        if (bytes.length > maxBytes) {
            throw new InvalidRequestException(field, option + " " + file + " is larger than " + maxBytes + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(field, option + " " + file + " is not UTF-8 text");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
