package io.jenkins.plugins.dashscope.core.testing;

import java.lang.management.ManagementFactory;

/**
 * What a piece of work allocates on the calling thread: how a test shows that memory stays bounded without
 * depending on the heap's size or on when the collector runs.
 */
public final class Allocations {

    private Allocations() {}

    /** Bytes allocated by {@code work}, run on this thread. */
    public static long of(Eventually.Check work) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
