package io.jenkins.plugins.dashscope.step;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.FreeStyleProject;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import io.jenkins.plugins.dashscope.core.request.RequestOptionTest;
import io.jenkins.plugins.dashscope.freestyle.GenerateImageBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The step's data binding and form held to the core's option table: Jenkins needs a typed setter per option,
 * so these tests are what keeps the setters, the request the step builds and the form in step with the table.
 */
@WithJenkins
class GenerateImageStepOptionsTest {

    /** Options of the step itself (where and how to run), not of the request. */
    private static final Set<String> STEP_ONLY = Set.of(
            "credentialsId",
            "region",
            "endpoint",
            "outputDir",
            "name",
            "archive",
            "timeout",
            "allowPartial",
            "dryRun",
            "outputs",
            "contactSheet",
            "reuse",
            "values");

    private static Object sample(RequestOption option) {
        return RequestOptionTest.sample(option);
    }

    @Test
    void everyStepPropertyIsAnOptionOfTheTableOrTheStepsOwn(JenkinsRule j) {
        Set<String> properties = new DescribableModel<>(GenerateImageStep.class)
                .getParameters().stream()
                        .map(DescribableParameter::getName)
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = Stream.concat(
                        Arrays.stream(RequestOption.values()).map(RequestOption::field), STEP_ONLY.stream())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(properties).isEqualTo(expected);
    }

    @Test
    void eachOptionBindsWithTheTablesTypeAndReachesTheRequest(JenkinsRule j) throws Exception {
        DescribableModel<GenerateImageStep> model = new DescribableModel<>(GenerateImageStep.class);
        for (RequestOption option : RequestOption.values()) {
            DescribableParameter property = model.getParameter(option.field());
            assertThat(property.getErasedType())
                    .as(option.field())
                    .isEqualTo(option.kind().type());

            Map<String, Object> arguments = new HashMap<>(Map.of("prompt", "a prompt"));
            arguments.put(option.field(), sample(option));
            GenerationRequest request = model.instantiate(arguments).toRequest(null, Map.of());

            assertThat(request.valueOf(option)).as(option.field()).isNotNull().isEqualTo(option.bind(sample(option)));
        }
    }

    @Test
    void theFormRoundTripsEveryOptionOfTheTableItShows(JenkinsRule j) throws Exception {
        Map<String, Object> arguments = new HashMap<>();
        for (RequestOption option : RequestOption.values()) {
            if (option.place() != RequestOption.Place.NONE) {
                arguments.put(option.field(), sample(option));
            }
        }
        GenerateImageBuilder builder =
                new GenerateImageBuilder(new DescribableModel<>(GenerateImageStep.class).instantiate(arguments));
        FreeStyleProject project = j.createFreeStyleProject();
        project.getBuildersList().add(builder);

        project = j.configRoundtrip(project);

        GenerateImageBuilder saved = project.getBuildersList().get(GenerateImageBuilder.class);
        j.assertEqualDataBoundBeans(builder, saved);
        for (RequestOption option : RequestOption.values()) {
            if (option.place() != RequestOption.Place.NONE) {
                assertThat(saved.getGeneration().toRequest(null, Map.of()).valueOf(option))
                        .as(option.field())
                        .isEqualTo(option.bind(sample(option)));
            }
        }
    }

    @Test
    void theFormShowsEveryRequestOptionWithATitleInBothLanguages(JenkinsRule j) {
        List<String> shown = Stream.concat(
                        FormField.in(RequestOption.Place.MAIN).stream(),
                        FormField.in(RequestOption.Place.ADVANCED).stream())
                .map(FormField::getField)
                .toList();
        List<String> formOptions = Arrays.stream(RequestOption.values())
                .filter(o -> o.place() != RequestOption.Place.NONE)
                .map(RequestOption::field)
                .toList();
        assertThat(shown).isEqualTo(formOptions).contains("prompt", "refStrength");

        // every advanced option sits in exactly one section, each section titled in both languages
        for (FormField f : FormField.in(RequestOption.Place.ADVANCED)) {
            assertThat(FormGroup.all().stream().filter(g -> g.holds(f.option())))
                    .as(f.getField())
                    .hasSize(1);
        }
        assertThat(FormGroup.all().stream()
                        .flatMap(g -> g.getFields().stream())
                        .map(FormField::getField)
                        .toList())
                .containsExactlyInAnyOrderElementsOf(FormField.in(RequestOption.Place.ADVANCED).stream()
                        .map(FormField::getField)
                        .toList());

        ResourceBundle en = ResourceBundle.getBundle(Messages.class.getName(), Locale.ROOT);
        ResourceBundle zh = ResourceBundle.getBundle(Messages.class.getName(), Locale.SIMPLIFIED_CHINESE);
        for (RequestOption option : RequestOption.values()) {
            String key = FormField.titleKey(option);
            assertThat(en.getString(key)).as(key).isNotBlank();
            assertThat(zh.getString(key)).as(key).isNotBlank().isNotEqualTo(en.getString(key));
        }
        for (FormGroup g : FormGroup.all()) {
            String key = FormGroup.titleKey(g);
            assertThat(en.getString(key)).as(key).isNotBlank();
            assertThat(zh.getString(key)).as(key).isNotBlank().isNotEqualTo(en.getString(key));
        }
    }
}
