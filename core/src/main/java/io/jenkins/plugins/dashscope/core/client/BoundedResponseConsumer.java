package io.jenkins.plugins.dashscope.core.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.entity.AbstractBinAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AbstractAsyncResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Collects an API answer in memory up to a limit, and fails the exchange as soon as it grows past it: the
 * documented answers are a few kilobytes, and a server streaming gigabytes must not exhaust the heap.
 */
final class BoundedResponseConsumer extends AbstractAsyncResponseConsumer<SimpleHttpResponse, byte[]> {

    /** The answer outgrew the limit; the connection is dropped. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(int limit) {
            super("the answer is larger than " + limit + " bytes");
        }
    }

    BoundedResponseConsumer(int limit) {
        super(new AbstractBinAsyncEntityConsumer<byte[]>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            protected void streamStart(ContentType contentType) {}

            @Override
            protected int capacityIncrement() {
                return 8 * 1024;
            }

            @Override
            protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
                if (bytes.size() + src.remaining() > limit) {
                    throw new TooLarge(limit);
                }
                byte[] chunk = new byte[src.remaining()];
                src.get(chunk);
                bytes.write(chunk);
            }

            @Override
            protected byte[] generateContent() {
                return bytes.toByteArray();
            }

            @Override
            public void releaseResources() {}
        });
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {}

    @Override
    protected SimpleHttpResponse buildResult(HttpResponse response, byte[] entity, ContentType contentType) {
        SimpleHttpResponse result = SimpleHttpResponse.copy(response);
        if (entity != null) {
            result.setBody(entity, contentType);
        }
        return result;
    }
}
