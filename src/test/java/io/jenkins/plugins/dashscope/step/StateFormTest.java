package io.jenkins.plugins.dashscope.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.jenkins.plugins.dashscope.core.finishing.DerivedSize;
import io.jenkins.plugins.dashscope.core.finishing.Finishing;
import io.jenkins.plugins.dashscope.core.generation.SubmittedTask;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The form program.dat keeps a generation step in: it reads back whole, and it is a stored format. */
class StateFormTest {

    private static WorkspacePlan plan(String variant, Finishing finishing) {
        return new WorkspacePlan(
                "out/" + variant, "image", true, true, false, "dashscope", "intl", null, finishing, "card", variant);
    }

    @Test
    void aSetReadsBackAsItWasSaved() throws Exception {
        Finishing finishing = new Finishing(
                List.of(
                        DerivedSize.of(
                                1,
                                Map.of(
                                        "size",
                                        "1200x630",
                                        "overlays",
                                        List.of(Map.of("text", "v${version}", "font", "brand/Inter.ttf")))),
                        DerivedSize.parse(2, "1080x1920,fit=contain,background=#ffffff,format=jpeg,quality=80")),
                true,
                Map.of("version", "2.5", "locale", "en")); // a restart keeps what the overlays draw
        GenerationState state = new GenerationState(new SetReport("images.yaml", "out", true, false, false), false);
        state.deadlineMillis(1_700_000_000_000L);
        state.add(0, VariantProgress.planned(plan("card-en", finishing), Map.of("locale", "en")));
        state.add(1, VariantProgress.planned(plan("card-ja", Finishing.NONE), Map.of("locale", "ja")));
        state.add(2, VariantProgress.planned(plan("card-zh", Finishing.NONE), Map.of("locale", "zh")));
        state.submitted(
                0, new SubmittedTask("t-1", "r-1", "wan2.2-t2i-flash", "ASYNC", 2, 1_699_999_999_000L, "{}", "fp"));
        state.reused(1, "{\"manifest\":true}");
        state.planningDone();

        GenerationState back = StateForm.read(StateForm.write(state));

        assertThat(back.set()).isEqualTo(state.set());
        assertThat(back.deadlineMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(back.planned()).isTrue();
        assertThat(back.dryRun()).isFalse();
        assertThat(back.variants()).isEqualTo(state.variants());
        assertThat(back.variants().get(0).plan().finishing()).isEqualTo(finishing);
        assertThat(back.variants().get(2).task()).isNull();
    }

    @Test
    void theFormIsStoredUnderNamesOfItsOwn() {
        GenerationState state = new GenerationState(null, false);
        state.deadlineMillis(5);
        state.add(
                0,
                VariantProgress.planned(
                        new WorkspacePlan(
                                "generated-images",
                                "image",
                                true,
                                false,
                                false,
                                null,
                                null,
                                null,
                                new Finishing(List.of(DerivedSize.parse(1, "64x32")), false),
                                null,
                                null),
                        Map.of()));
        state.submitted(0, new SubmittedTask("t", "r", "m", "a", 1, 7, "{}", null));

        // renaming any of these breaks the resume of running builds: a new meaning needs a new version (the order of
        // the names is not read)
        assertThat(StateForm.write(state))
                .isEqualTo("{\"version\":1,\"deadline\":5,\"dryRun\":false,\"planned\":false,\"generations\":[{"
                        + "\"outputDir\":\"generated-images\",\"prefix\":\"image\",\"archive\":true,"
                        + "\"allowPartial\":false,\"credentialsId\":null,\"region\":null,\"endpoint\":null,"
                        + "\"contactSheet\":false,\"asset\":null,\"variant\":null,"
                        + "\"outputs\":[\"64x32,fit=cover,anchor=center,format=png\"],\"reusedManifest\":null,\"values\":{},"
                        + "\"task\":{\"id\":\"t\",\"requestId\":\"r\",\"model\":\"m\",\"api\":\"a\",\"requested\":1,"
                        + "\"submittedAt\":7,\"request\":\"{}\",\"fingerprint\":null}}]}");
    }

    @Test
    void aFormOfAnotherVersionIsRefusedNotGuessedAt() {
        assertThatThrownBy(() -> StateForm.read("{\"version\":2,\"generations\":[]}"))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("form 2")
                .hasMessageContaining("form 1");
    }
}
