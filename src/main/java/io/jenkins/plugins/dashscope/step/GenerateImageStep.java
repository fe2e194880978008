package io.jenkins.plugins.dashscope.step;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dashscope.Messages;
import io.jenkins.plugins.dashscope.config.Forms;
import io.jenkins.plugins.dashscope.core.common.InvalidRequestException;
import io.jenkins.plugins.dashscope.core.generation.Output;
import io.jenkins.plugins.dashscope.core.output.OutputNames;
import io.jenkins.plugins.dashscope.core.request.GenerationRequest;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import io.jenkins.plugins.dashscope.core.request.RequestText;
import io.jenkins.plugins.dashscope.workspace.BuildFailure;
import io.jenkins.plugins.dashscope.workspace.WorkspacePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code generateImage(prompt: '...', credentialsId: '...')}: one generation, its images downloaded into
 * the workspace and archived. Holds options only; the freestyle builder reuses it. Not
 * serializable: the execution keeps it transient and saves a {@link WorkspacePlan}.
 */
public final class GenerateImageStep extends GenerationStep {

    private final String prompt;
    private String negativePrompt;
    private String model;
    private String api;
    private String size;
    private Integer n;
    private Long seed;
    private String style;
    private String refImage;
    private Double refStrength;
    private String refMode;
    private String baseImage;
    private String maskImage;
    private String maskColor;
    private String sketchImage;
    private Long sketchWeight;
    private Long angle;
    private String outputRatio;
    private Double widthScale;
    private Double heightScale;
    private Long topOffset;
    private Long bottomOffset;
    private Long leftOffset;
    private Long rightOffset;
    private String sourceLang;
    private String targetLang;
    private String bboxList;
    private Boolean enableSequential;
    private Boolean thinkingMode;
    private String colorPalette;
    private List<String> images;
    private String function;
    private Boolean promptExtend;
    private Boolean watermark;
    private LinkedHashMap<String, Object> parameters;
    private String name = Output.DEFAULT_PREFIX;
    private List<DerivedOutput> outputs;
    private boolean contactSheet;

    /** @param prompt what to draw; null for the models that take none (image-out-painting, qwen-mt-image) */
    @DataBoundConstructor
    public GenerateImageStep(String prompt) {
        this.prompt = prompt;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        try {
            return new GenerationExecution(context, new SingleGeneration(this, StepPlans.of(this), Map.of()));
        } catch (InvalidRequestException e) {
            throw BuildFailure.refusal(
                    DescriptorImpl.FUNCTION, e); // a bad outputDir or outputs entry, before anything runs
        }
    }

    /**
     * The core request; the core validator names the field of anything wrong.
     *
     * @param formParameters the freestyle form's extra parameters, added to the step's own
     */
    GenerationRequest toRequest(@CheckForNull String defaultModel, Map<String, Object> formParameters) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (parameters != null) {
            extra.putAll(parameters);
        }
        extra.putAll(formParameters);
        // one line per option of the table: GenerateImageStepOptionsTest holds this list to it
        return GenerationRequest.builder()
                .set(RequestOption.PROMPT, prompt)
                .set(RequestOption.MODEL, model == null ? defaultModel : model)
                .set(RequestOption.SIZE, size)
                .set(RequestOption.N, n)
                .set(RequestOption.NEGATIVE_PROMPT, negativePrompt)
                .set(RequestOption.API, api)
                .set(RequestOption.SEED, seed)
                .set(RequestOption.STYLE, style)
                .set(RequestOption.REF_IMAGE, refImage)
                .set(RequestOption.REF_STRENGTH, refStrength)
                .set(RequestOption.REF_MODE, refMode)
                .set(RequestOption.BASE_IMAGE, baseImage)
                .set(RequestOption.MASK_IMAGE, maskImage)
                .set(RequestOption.MASK_COLOR, maskColor)
                .set(RequestOption.SKETCH_IMAGE, sketchImage)
                .set(RequestOption.SKETCH_WEIGHT, sketchWeight)
                .set(RequestOption.ANGLE, angle)
                .set(RequestOption.OUTPUT_RATIO, outputRatio)
                .set(RequestOption.WIDTH_SCALE, widthScale)
                .set(RequestOption.HEIGHT_SCALE, heightScale)
                .set(RequestOption.TOP_OFFSET, topOffset)
                .set(RequestOption.BOTTOM_OFFSET, bottomOffset)
                .set(RequestOption.LEFT_OFFSET, leftOffset)
                .set(RequestOption.RIGHT_OFFSET, rightOffset)
                .set(RequestOption.SOURCE_LANG, sourceLang)
                .set(RequestOption.TARGET_LANG, targetLang)
                .set(RequestOption.BBOX_LIST, bboxList)
                .set(RequestOption.ENABLE_SEQUENTIAL, enableSequential)
                .set(RequestOption.THINKING_MODE, thinkingMode)
                .set(RequestOption.COLOR_PALETTE, colorPalette)
                .set(RequestOption.IMAGES, images)
                .set(RequestOption.FUNCTION, function)
                .set(RequestOption.PROMPT_EXTEND, promptExtend)
                .set(RequestOption.WATERMARK, watermark)
                .set(RequestOption.PARAMETERS, extra)
                .build();
    }

    public String getPrompt() {
        return prompt;
    }

    public String getNegativePrompt() {
        return negativePrompt;
    }

    @DataBoundSetter
    public void setNegativePrompt(String negativePrompt) {
        this.negativePrompt = blankToNull(negativePrompt);
    }

    public String getModel() {
        return model;
    }

    @DataBoundSetter
    public void setModel(String model) {
        this.model = blankToNull(model);
    }

    public String getApi() {
        return api;
    }

    @DataBoundSetter
    public void setApi(String api) {
        this.api = blankToNull(api);
    }

    public String getSize() {
        return size;
    }

    @DataBoundSetter
    public void setSize(String size) {
        this.size = blankToNull(size);
    }

    public Integer getN() {
        return n;
    }

    @DataBoundSetter
    public void setN(Integer n) {
        this.n = n;
    }

    public Long getSeed() {
        return seed;
    }

    @DataBoundSetter
    public void setSeed(Long seed) {
        this.seed = seed;
    }

    public String getStyle() {
        return style;
    }

    @DataBoundSetter
    public void setStyle(String style) {
        this.style = blankToNull(style);
    }

    public String getRefImage() {
        return refImage;
    }

    @DataBoundSetter
    public void setRefImage(String refImage) {
        this.refImage = blankToNull(refImage);
    }

    public Double getRefStrength() {
        return refStrength;
    }

    @DataBoundSetter
    public void setRefStrength(Double refStrength) {
        this.refStrength = refStrength;
    }

    public String getRefMode() {
        return refMode;
    }

    @DataBoundSetter
    public void setRefMode(String refMode) {
        this.refMode = blankToNull(refMode);
    }

    public String getBaseImage() {
        return baseImage;
    }

    @DataBoundSetter
    public void setBaseImage(String baseImage) {
        this.baseImage = blankToNull(baseImage);
    }

    public String getMaskImage() {
        return maskImage;
    }

    @DataBoundSetter
    public void setMaskImage(String maskImage) {
        this.maskImage = blankToNull(maskImage);
    }

    /** {@code r,g,b;r,g,b}. */
    public String getMaskColor() {
        return maskColor;
    }

    @DataBoundSetter
    public void setMaskColor(String maskColor) {
        this.maskColor = blankToNull(maskColor);
    }

    /** The sketch {@code wanx-sketch-to-image-lite} draws from: a URL or a workspace path. */
    public String getSketchImage() {
        return sketchImage;
    }

    @DataBoundSetter
    public void setSketchImage(String sketchImage) {
        this.sketchImage = blankToNull(sketchImage);
    }

    /** How closely to follow the sketch, 0..10. */
    public Long getSketchWeight() {
        return sketchWeight;
    }

    @DataBoundSetter
    public void setSketchWeight(Long sketchWeight) {
        this.sketchWeight = sketchWeight;
    }

    /** Degrees to rotate the image before extending it (image-out-painting), 0..359. */
    public Long getAngle() {
        return angle;
    }

    @DataBoundSetter
    public void setAngle(Long angle) {
        this.angle = angle;
    }

    /** The aspect ratio to extend the image to (image-out-painting). */
    public String getOutputRatio() {
        return outputRatio;
    }

    @DataBoundSetter
    public void setOutputRatio(String outputRatio) {
        this.outputRatio = blankToNull(outputRatio);
    }

    /** How many times wider to make the image (image-out-painting), 1.0..3.0. */
    public Double getWidthScale() {
        return widthScale;
    }

    @DataBoundSetter
    public void setWidthScale(Double widthScale) {
        this.widthScale = widthScale;
    }

    /** How many times taller to make the image (image-out-painting), 1.0..3.0. */
    public Double getHeightScale() {
        return heightScale;
    }

    @DataBoundSetter
    public void setHeightScale(Double heightScale) {
        this.heightScale = heightScale;
    }

    /** Pixels to add above the image (image-out-painting). */
    public Long getTopOffset() {
        return topOffset;
    }

    @DataBoundSetter
    public void setTopOffset(Long topOffset) {
        this.topOffset = topOffset;
    }

    /** Pixels to add below the image (image-out-painting). */
    public Long getBottomOffset() {
        return bottomOffset;
    }

    @DataBoundSetter
    public void setBottomOffset(Long bottomOffset) {
        this.bottomOffset = bottomOffset;
    }

    /** Pixels to add left of the image (image-out-painting). */
    public Long getLeftOffset() {
        return leftOffset;
    }

    @DataBoundSetter
    public void setLeftOffset(Long leftOffset) {
        this.leftOffset = leftOffset;
    }

    /** Pixels to add right of the image (image-out-painting). */
    public Long getRightOffset() {
        return rightOffset;
    }

    @DataBoundSetter
    public void setRightOffset(Long rightOffset) {
        this.rightOffset = rightOffset;
    }

    /** Language of the text in the image (qwen-mt-image); auto when not set. */
    public String getSourceLang() {
        return sourceLang;
    }

    @DataBoundSetter
    public void setSourceLang(String sourceLang) {
        this.sourceLang = blankToNull(sourceLang);
    }

    /** Language to translate the text in the image into (qwen-mt-image). */
    public String getTargetLang() {
        return targetLang;
    }

    @DataBoundSetter
    public void setTargetLang(String targetLang) {
        this.targetLang = blankToNull(targetLang);
    }

    /** Areas of each input image to edit (wan2.7): {@code x1,y1,x2,y2;...} per image, {@code |} between images. */
    public String getBboxList() {
        return bboxList;
    }

    @DataBoundSetter
    public void setBboxList(String bboxList) {
        this.bboxList = blankToNull(bboxList);
    }

    /** Whether to draw a set of related images, up to 12 (wan2.7). */
    public Boolean getEnableSequential() {
        return enableSequential;
    }

    @DataBoundSetter
    public void setEnableSequential(Boolean enableSequential) {
        this.enableSequential = enableSequential;
    }

    /** Whether the model reasons before drawing, text to image only (wan2.7). */
    public Boolean getThinkingMode() {
        return thinkingMode;
    }

    @DataBoundSetter
    public void setThinkingMode(Boolean thinkingMode) {
        this.thinkingMode = thinkingMode;
    }

    /** Colours and their shares (wan2.7): {@code #RRGGBB:NN.NN%;...}. */
    public String getColorPalette() {
        return colorPalette;
    }

    @DataBoundSetter
    public void setColorPalette(String colorPalette) {
        this.colorPalette = blankToNull(colorPalette);
    }

    /** Input images of the editing and image-to-image models, in order: URLs or workspace paths. */
    public List<String> getImages() {
        return images;
    }

    @DataBoundSetter
    public void setImages(List<String> images) {
        this.images = images == null || images.isEmpty() ? null : new ArrayList<>(images);
    }

    public String getFunction() {
        return function;
    }

    @DataBoundSetter
    public void setFunction(String function) {
        this.function = blankToNull(function);
    }

    public Boolean getPromptExtend() {
        return promptExtend;
    }

    @DataBoundSetter
    public void setPromptExtend(Boolean promptExtend) {
        this.promptExtend = promptExtend;
    }

    public Boolean getWatermark() {
        return watermark;
    }

    @DataBoundSetter
    public void setWatermark(Boolean watermark) {
        this.watermark = watermark;
    }

    public Map<String, Object> getParameters() {
        return parameters;
    }

    /** A script's map, copied as plain JSON-shaped values (Groovy strings become strings). */
    @DataBoundSetter
    public void setParameters(Map<String, Object> parameters) {
        this.parameters = parameters == null || parameters.isEmpty()
                ? null
                : new LinkedHashMap<>(RequestText.parameters(parameters));
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = blankToNull(name) == null ? Output.DEFAULT_PREFIX : name.trim();
    }

    public List<DerivedOutput> getOutputs() {
        return outputs;
    }

    @DataBoundSetter
    public void setOutputs(List<DerivedOutput> outputs) {
        this.outputs = outputs == null || outputs.isEmpty() ? null : List.copyOf(outputs);
    }

    public boolean isContactSheet() {
        return contactSheet;
    }

    @DataBoundSetter
    public void setContactSheet(boolean contactSheet) {
        this.contactSheet = contactSheet;
    }

    @Extension
    public static final class DescriptorImpl extends GenerationStepDescriptor {

        public static final String FUNCTION = BuildFailure.GENERATE_IMAGE;

        @Override
        public String getFunctionName() {
            return FUNCTION;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GenerateImageStep_DisplayName();
        }

        /** The extra parameters' lines become the map a script gives; the rest binds as every step's form does. */
        @Override
        public Step newInstance(@CheckForNull StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            Map<String, Object> parameters = StepFormData.takeParameters(formData);
            GenerateImageStep step = (GenerateImageStep) super.newInstance(req, formData);
            step.setParameters(parameters);
            return step;
        }

        /** A list option, or the extra parameters ({@code KEY=VALUE}), as the form shows it: one a line. */
        public String linesOf(@CheckForNull Object instance, String field) {
            if (!(instance instanceof GenerateImageStep step)) {
                return null;
            }
            if (RequestOption.IMAGES.field().equals(field) && step.getImages() != null) {
                return String.join("\n", step.getImages());
            }
            boolean extra = RequestOption.PARAMETERS.field().equals(field) && step.getParameters() != null;
            return extra ? RequestText.toLines(step.getParameters()) : null;
        }

        /** The sections the advanced options are shown in, each with its options from the table. */
        public List<FormGroup> getFormGroups() {
            return FormGroup.all();
        }

        /** The request options of one place of the form ({@code MAIN} or {@code ADVANCED}), from the table. */
        public List<FormField> getFormFields(String place) {
            return FormField.in(RequestOption.Place.valueOf(place));
        }

        @POST
        public ListBoxModel doFillModelItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            return Forms.modelItems();
        }

        @POST
        public ListBoxModel doFillPromptExtendItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            return Forms.triStateItems();
        }

        @POST
        public ListBoxModel doFillWatermarkItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            return Forms.triStateItems();
        }

        @POST
        public ListBoxModel doFillEnableSequentialItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            return Forms.triStateItems();
        }

        @POST
        public ListBoxModel doFillThinkingModeItems(@AncestorInPath Item item) {
            Forms.checkConfigure(item);
            return Forms.triStateItems();
        }

        /** Extra request parameters as the form writes them; the help says what a line may hold. */
        @POST
        public FormValidation doCheckParameters(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return Forms.check(() -> RequestText.parameterLines(value));
        }

        @POST
        public FormValidation doCheckColorPalette(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return Forms.check(() -> RequestText.palette(value));
        }

        @POST
        public FormValidation doCheckBboxList(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return Forms.check(() -> RequestText.boxes(value));
        }

        @POST
        public FormValidation doCheckName(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return Forms.check(
                    () -> OutputNames.checkPrefix(value == null || value.isBlank() ? Output.DEFAULT_PREFIX : value));
        }

        @POST
        public FormValidation doCheckMaskColor(@AncestorInPath Item item, @QueryParameter String value) {
            Forms.checkConfigure(item);
            return Forms.check(() -> RequestText.maskColors(value));
        }
    }
}
