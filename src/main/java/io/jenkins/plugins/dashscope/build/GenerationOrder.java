package io.jenkins.plugins.dashscope.build;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

/**
 * Where a generation stands in its build, so pages list it in the same place in every build: the ids of the step's
 * enclosing blocks from the outermost, the step's own id, then the variant's index in its spec. Parallel branches
 * compare at their own start nodes, which a {@code parallel} creates in the script's order; steps in one branch
 * compare by their ids, which grow as the branch runs. When branches finish does not matter.
 */
public final class GenerationOrder {

    /** Lexicographic, a shorter path before its longer extensions. */
    static final Comparator<List<Integer>> PATHS = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private GenerationOrder() {}

    /** The place of the {@code index}th generation of the step whose node is {@code node}; null without a node. */
    public static List<Integer> of(FlowNode node, int index) {
        if (node == null) {
            return null;
        }
        List<String> enclosing = node.getAllEnclosingIds(); // innermost first
        List<Integer> path = new ArrayList<>();
        for (int i = enclosing.size() - 1; i >= 0; i--) {
            path.add(number(enclosing.get(i)));
        }
        path.add(number(node.getId()));
        path.add(index);
        return List.copyOf(path);
    }

    private static int number(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // ids are numbers in every flow Jenkins writes; anything else goes last
        }
    }
}
