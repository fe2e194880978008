package io.jenkins.plugins.dashscope.step;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What program.dat holds for a running {@code generateImage} or {@code generateImages}: the step's context and its
 * state as one versioned JSON text ({@link StateForm}). Reading it back gives a {@link GenerationExecution} that
 * resumes the saved tasks. Its name, package and fields are a stored format: they do not change.
 */
public final class SavedGeneration implements Serializable {

    private static final long serialVersionUID = 1L;

    private final StepContext context;
    private final String state;

    SavedGeneration(StepContext context, String state) {
        this.context = context;
        this.state = state;
    }

    private Object readResolve() throws ObjectStreamException {
        try {
            return GenerationExecution.restored(context, StateForm.read(state));
        } catch (IOException e) {
            return new UnreadableExecution(context, e.getMessage());
        }
    }
}
