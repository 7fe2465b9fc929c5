extension LightingProfile {
    /// The API's name for each profile parameter, as written in profile files and request bodies.
    public enum ParameterName {
        public static let description = "description"
        public static let modelType = "model_type"
        public static let prompt = "prompt"
        public static let lightSource = "light_source"
        public static let negativePrompt = "negative_prompt"
        public static let appendedPrompt = "appended_prompt"
        public static let numberOfImages = "number_of_images"
        public static let aspectRatio = "aspectRatio"
        public static let size = "size"
        public static let width = "width"
        public static let height = "height"
        public static let steps = "steps"
        public static let cfg = "cfg"
        public static let highresScale = "highres_scale"
        public static let highresDenoise = "highres_denoise"
        public static let lowresDenoise = "lowres_denoise"
        public static let outputFormat = "output_format"
        public static let outputQuality = "output_quality"
        public static let seed = "seed"
        public static let extra = "extra"
        /// relight's own key, never sent to the API: `source` or `generated`.
        public static let deliver = "deliver"

        /// Every key a profile file may contain.
        public static let all: [String] = [
            description, modelType, prompt, lightSource, negativePrompt, appendedPrompt, numberOfImages,
            aspectRatio, size, width, height, steps, cfg, highresScale, highresDenoise, lowresDenoise,
            outputFormat, outputQuality, seed, extra, deliver,
        ]

        /// Keys that only Magic Lighting (IC-Light) understands.
        public static let magicLightingOnly: [String] = [
            width, height, size, steps, cfg, highresScale, highresDenoise, lowresDenoise, appendedPrompt,
        ]
    }

    /// The parameters in the API's names and JSON types, for a request body or a sidecar.
    ///
    /// Width and height are strings, as the API's parameter table documents. `extra` entries are
    /// merged last, so a user can override anything. `subject_image` is the provider's to add.
    public var apiParameters: [String: JSONValue] {
        var body: [String: JSONValue] = [
            // Sent so the API runs the model the profile names, not its default.
            ParameterName.modelType: .string(modelType.rawValue),
            ParameterName.prompt: .string(prompt),
            ParameterName.numberOfImages: .int(numberOfImages),
            ParameterName.aspectRatio: .string(aspectRatio.rawValue),
            ParameterName.outputFormat: .string(outputFormat.apiValue),
            ParameterName.outputQuality: .int(outputQuality),
        ]
        if let lightSource { body[ParameterName.lightSource] = .string(lightSource) }
        if let negativePrompt { body[ParameterName.negativePrompt] = .string(negativePrompt) }
        if let seed { body[ParameterName.seed] = .int(seed) }
        if modelType == .magicLighting {
            body[ParameterName.appendedPrompt] = .string(appendedPrompt)
            body[ParameterName.width] = .string(String(width))
            body[ParameterName.height] = .string(String(height))
            body[ParameterName.steps] = .int(steps)
            body[ParameterName.cfg] = .double(cfg)
            body[ParameterName.highresScale] = .double(highresScale)
            body[ParameterName.highresDenoise] = .double(highresDenoise)
            body[ParameterName.lowresDenoise] = .double(lowresDenoise)
        }
        for (key, value) in extra { body[key] = value }
        return body
    }
}
