package io.jenkins.plugins.dashscope.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.dashscope.core.catalog.ModelCatalog;
import io.jenkins.plugins.dashscope.core.catalog.ModelOption;
import io.jenkins.plugins.dashscope.core.catalog.ModelSpec;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The option table is what the CLI, the step and the validator take names from; these hold it together. */
@SuppressWarnings("unchecked")
public class RequestOptionTest {

    private final RequestValidator validator = new RequestValidator(ModelCatalog.builtIn());

    /** A value of the option's kind that every model-independent check accepts; the Jenkins tests use it too. */
    public static Object sample(RequestOption option) {
        return switch (option.kind()) {
            case TEXT -> "text-of-" + option.field();
            case PARAGRAPH -> "lines\nof " + option.field();
            case CHOICE -> "wan2.2-t2i-flash";
            case IMAGE -> "https://example.com/" + option.field() + ".png";
            case COUNT -> 3;
            case NUMBER -> 42L;
            case FRACTION -> 0.25;
            case SWITCH -> false;
            case COLORS -> "1,2,3;4,5,6";
            case PALETTE -> "#C2D1E6:40%;#CDD8E9:35.5%;#C5CFD8:24.5%";
            case BOXES -> "10,20,300,400;5,5,50,50|";
            case MAP -> Map.of("steps", 30);
            case IMAGES -> java.util.List.of("https://example.com/first.png", "https://example.com/second.png");
        };
    }

    @Test
    void everyOptionSetThroughTheTableIsReadBackAndKeptByToBuilder() {
        RequestBuilder b = GenerationRequest.builder();
        for (RequestOption option : RequestOption.values()) {
            b.set(option, sample(option));
        }
        GenerationRequest request = b.build();
        GenerationRequest copy = request.toBuilder().build();

        for (RequestOption option : RequestOption.values()) {
            Object expected = option.bind(sample(option));
            assertThat(expected).as(option.field()).isNotNull();
            assertThat(request.valueOf(option)).as(option.field()).isEqualTo(expected);
        }
        assertThat(copy).isEqualTo(request);
        assertThat(request.maskColor()).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6));
    }

    @Test
    void aRequestKeepsItsValuesWhenTheCallersListsAndMapsChangeAfterwards() {
        List<String> images = new ArrayList<>(List.of("a.png"));
        List<List<Integer>> colours = new ArrayList<>(List.of(new ArrayList<>(List.of(1, 2, 3))));
        Map<String, Object> extra = new java.util.HashMap<>(Map.of("steps", new ArrayList<>(List.of(30))));
        GenerationRequest r = GenerationRequest.builder()
                .images(images)
                .maskColor(colours)
                .extraParameters(extra)
                .build();

        images.add("b.png");
        colours.get(0).set(0, 99);
        ((List<Object>) extra.get("steps")).add(40);
        extra.put("more", 1);

        assertThat(r.images()).containsExactly("a.png");
        assertThat(r.maskColor()).containsExactly(List.of(1, 2, 3));
        assertThat(r.extraParameters()).isEqualTo(Map.of("steps", List.of(30)));
        assertThatThrownBy(() -> r.images().add("c.png")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namesAndFlagsAreUniqueAndFollowTheFieldNames() {
        assertThat(Arrays.stream(RequestOption.values()).map(RequestOption::field))
                .doesNotHaveDuplicates();
        assertThat(Arrays.stream(RequestOption.values()).map(RequestOption::cliFlag))
                .doesNotHaveDuplicates();
        assertThat(Arrays.stream(RequestOption.values()).flatMap(o -> o.wireNames().stream()))
                .doesNotHaveDuplicates();
        assertThat(RequestOption.NEGATIVE_PROMPT.cliFlag()).isEqualTo("--negative-prompt");
        assertThat(RequestOption.N.cliFlag()).isEqualTo("--n");
        assertThat(RequestOption.PARAMETERS.cliFlag()).isEqualTo("--param");
        assertThat(RequestOption.byField("refStrength")).contains(RequestOption.REF_STRENGTH);
    }

    @Test
    void blankTextIsUnsetAndWrongTypesAreRefusedNamingTheField() {
        assertThat(GenerationRequest.builder()
                        .set(RequestOption.SIZE, "  ")
                        .build()
                        .size())
                .isNull();
        assertThat(GenerationRequest.builder().set(RequestOption.N, 2L).build().n())
                .isEqualTo(2);

        List<Object[]> wrong = List.of(
                new Object[] {RequestOption.N, 2.5},
                new Object[] {RequestOption.SEED, "x"},
                new Object[] {RequestOption.N, 1L << 40},
                new Object[] {RequestOption.PROMPT_EXTEND, "yes"},
                new Object[] {RequestOption.REF_STRENGTH, "half"},
                new Object[] {RequestOption.MASK_COLOR, "a,b"});
        for (Object[] w : wrong) {
            RequestOption option = (RequestOption) w[0];
            assertThatThrownBy(() -> GenerationRequest.builder().set(option, w[1]))
                    .as(option.field())
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.field()).isEqualTo(option.field()));
        }
    }

    @Test
    void everyWireNameOfAnOptionIsRefusedAsAnExtraParameterNamingTheOption() {
        int checked = 0;
        for (RequestOption option : RequestOption.values()) {
            for (String wire : option.wireNames()) {
                GenerationRequest r = GenerationRequest.builder()
                        .model("wanx-v1")
                        .prompt("a cat")
                        .parameter(wire, 1)
                        .build();
                assertThatThrownBy(() -> validator.validate(r, (Path) null))
                        .as(wire)
                        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                            assertThat(e.field()).isEqualTo("parameters");
                            assertThat(e.getMessage()).contains("set by the " + option.field() + " option");
                        });
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(17);
    }

    @Test
    void aGuardedOptionIsRefusedByAModelWithoutItNamingTheField() {
        List<String> covered = new ArrayList<>();
        for (RequestOption option : RequestOption.values()) {
            if (option.guard().isEmpty()) {
                continue;
            }
            ModelOption guard = option.guard().get();
            Optional<ModelSpec> lacking = ModelCatalog.builtIn().all().stream()
                    .filter(m -> !m.supports(guard))
                    .findFirst();
            if (lacking.isEmpty()) {
                continue; // every model takes it
            }
            ModelSpec model = lacking.get();
            RequestBuilder b = GenerationRequest.builder().model(model.name()).prompt("a cat");
            for (ImageRole role : ImageRole.values()) {
                if (role.option().guard().filter(model.required()::contains).isPresent()) {
                    b.set(role.option(), "https://example.com/" + role.field() + ".png");
                }
            }
            if (model.required().contains(ModelOption.FUNCTION)) {
                b.function(model.functions().stream()
                        .filter(f -> !model.maskFunctions().contains(f))
                        .findFirst()
                        .orElseThrow());
            }
            GenerationRequest r = b.set(option, sample(option)).build();
            assertThatThrownBy(() -> validator.validate(r, (Path) null))
                    .as(option.field() + " on " + model.name())
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).isEqualTo(option.field());
                        assertThat(e.getMessage()).contains("not supported by " + model.name());
                    });
            covered.add(option.field());
        }
        assertThat(covered).hasSizeGreaterThanOrEqualTo(8);
    }
}
