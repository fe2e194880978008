package io.jenkins.plugins.dashscope.core.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/** A class has no field of these types (a secret inside a serializable value would travel with it). */
final class FieldsOfTypes extends ArchCondition<JavaClass> {

    private final List<Class<?>> forbidden;

    FieldsOfTypes(Class<?>... forbidden) {
        super("hold no field of type " + List.of(forbidden));
        this.forbidden = List.of(forbidden);
    }

    @Override
    public void check(JavaClass c, ConditionEvents events) {
        for (JavaField f : c.getAllFields()) {
            for (Class<?> type : forbidden) {
                if (f.getRawType().isAssignableTo(type)) {
                    events.add(SimpleConditionEvent.violated(c, f.getFullName() + " holds a " + type.getSimpleName()));
                }
            }
        }
    }
}
