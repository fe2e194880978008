package io.jenkins.plugins.dashscope.core.generation;

/** Receives progress; the CLI prints it to stderr, the Jenkins layer to the build log. */
@FunctionalInterface
public interface GenerationListener {

    GenerationListener NONE = e -> {};

    void on(GenerationEvent event);
}
