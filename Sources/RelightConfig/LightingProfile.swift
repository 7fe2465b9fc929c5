/// A lighting profile with every default filled in: what a provider turns into a request.
///
/// Property names are Swift-cased; ``ParameterName`` gives the API's own spelling of each one.
public struct LightingProfile: Sendable, Hashable, Codable {
    /// The file's stem: lower-case letters, digits and `-`.
    public var name: String
    /// A one-line description for `relight profiles list`.
    public var description: String
    public var modelType: ModelType
    public var prompt: String
    /// Free text. The engine understands `Left Light`, `Right Light`, `Top Light`, `Bottom Light`,
    /// the diagonals and `None`. `nil` when the profile does not say (the API's default is `None`).
    public var lightSource: String?
    public var negativePrompt: String?
    public var appendedPrompt: String
    public var numberOfImages: Int
    public var aspectRatio: AspectRatio
    public var width: Int
    public var height: Int
    public var steps: Int
    public var cfg: Double
    public var highresScale: Double
    public var highresDenoise: Double
    public var lowresDenoise: Double
    public var outputFormat: OutputFormat
    public var outputQuality: Int
    /// Full frame at the source's size (the default), or the provider's own crop and size.
    public var deliver: DeliverMode
    public var seed: Int?
    /// Parameters passed verbatim to the API, for ones added after this release.
    public var extra: [String: JSONValue]

    public init(
        name: String,
        description: String = "",
        modelType: ModelType = .magicLighting,
        prompt: String,
        lightSource: String? = nil,
        negativePrompt: String? = nil,
        appendedPrompt: String = Defaults.appendedPrompt,
        numberOfImages: Int = Defaults.numberOfImages,
        aspectRatio: AspectRatio = .square,
        width: Int = Defaults.width,
        height: Int = Defaults.height,
        steps: Int = Defaults.steps,
        cfg: Double = Defaults.cfg,
        highresScale: Double = Defaults.highresScale,
        highresDenoise: Double = Defaults.highresDenoise,
        lowresDenoise: Double = Defaults.lowresDenoise,
        outputFormat: OutputFormat = .png,
        outputQuality: Int = Defaults.outputQuality,
        deliver: DeliverMode = .source,
        seed: Int? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.description = description
        self.modelType = modelType
        self.prompt = prompt
        self.lightSource = lightSource
        self.negativePrompt = negativePrompt
        self.appendedPrompt = appendedPrompt
        self.numberOfImages = numberOfImages
        self.aspectRatio = aspectRatio
        self.width = width
        self.height = height
        self.steps = steps
        self.cfg = cfg
        self.highresScale = highresScale
        self.highresDenoise = highresDenoise
        self.lowresDenoise = lowresDenoise
        self.outputFormat = outputFormat
        self.outputQuality = outputQuality
        self.deliver = deliver
        self.seed = seed
        self.extra = extra
    }

    /// The API's defaults, as SPEC.md lists them.
    public enum Defaults {
        public static let appendedPrompt = "best quality"
        public static let numberOfImages = 1
        public static let width = 1024
        public static let height = 1024
        public static let steps = 25
        public static let cfg = 2.0
        public static let highresScale = 1.5
        public static let highresDenoise = 0.5
        public static let lowresDenoise = 0.9
        public static let outputQuality = 100
    }

    /// The valid range of each bounded parameter, by its API name.
    public enum Ranges {
        public static let numberOfImages = 1...12
        public static let steps = 10...50
        public static let outputQuality = 1...100
        public static let dimension = 256...2048
        public static let cfg = 1.0...32.0
        public static let highresScale = 1.0...4.0
        public static let denoise = 0.0...1.0
        public static let seed = 0...Int(Int32.max)
    }
}

/// The cloud models that implement relighting. Only Magic Lighting understands every parameter.
public enum ModelType: String, Sendable, Hashable, Codable, CaseIterable {
    case magicLighting = "magic-lighting"
    case nanoBananaPro = "nano-banana-pro"
    case nanoBanana2 = "nano-banana-2"
    case qwenImageEdit = "qwen-image-edit"
}

/// The output encodings relight delivers. The cloud API produces png, jpg and webp; `tiff` is
/// written by relight itself (the API is asked for png, see ``apiValue``).
public enum OutputFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case png
    case jpg
    case webp
    /// 16-bit where the source has it, deflate-compressed, with ICC and EXIF.
    case tiff

    /// The `output_format` the cloud API is asked for: it knows no TIFF, so png (lossless) stands in.
    public var apiValue: String { self == .tiff ? OutputFormat.png.rawValue : rawValue }

    /// The file extension for outputs in this format.
    public var fileExtension: String { rawValue }
}

/// The output aspect ratios the API accepts.
public enum AspectRatio: String, Sendable, Hashable, Codable, CaseIterable {
    case square = "1:1"
    case wide16x9 = "16:9"
    case tall9x16 = "9:16"
    case landscape4x3 = "4:3"
    case portrait3x4 = "3:4"
    case landscape3x2 = "3:2"
    case portrait2x3 = "2:3"
    case cinema21x9 = "21:9"

    /// Width divided by height.
    public var ratio: Double {
        let parts = rawValue.split(separator: ":").compactMap { Double($0) }
        return parts[0] / parts[1]
    }
}
