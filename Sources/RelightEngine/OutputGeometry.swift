import RelightConfig
import ImagePixels

/// How the output's crop and size follow from the profile.
public enum OutputGeometry: Sendable, Equatable {
    /// As the cloud service does: centre crop to width:height (Magic Lighting) or aspectRatio (other
    /// models), then scale to width×height×highres_scale, rounded to a multiple of 64 (1536×1536 by default).
    /// Other models keep the crop's own resolution.
    case profile
    /// Centre crop to the profile's aspect ratio, but keep the source's full resolution.
    case fullResolution
    /// No crop and no scaling: relight the source as it is (benchmarks, sandbox).
    case source

    /// The output's size for a `width`×`height` source and the centre crop it comes from.
    public func layout(sourceWidth width: Int, sourceHeight height: Int, profile: LightingProfile)
        -> (crop: (x: Int, y: Int, width: Int, height: Int), outputWidth: Int, outputHeight: Int) {
        if self == .source { return ((0, 0, width, height), width, height) }
        let magic = profile.modelType == .magicLighting
        let aspect = magic ? Double(profile.width) / Double(profile.height) : profile.aspectRatio.ratio
        var cropWidth = width, cropHeight = height
        if Double(width) / Double(height) > aspect {
            cropWidth = max(1, Int((Double(height) * aspect).rounded()))
        } else {
            cropHeight = max(1, Int((Double(width) / aspect).rounded()))
        }
        let crop = ((width - cropWidth) / 2, (height - cropHeight) / 2, cropWidth, cropHeight)
        if self == .profile, magic {
            let scale = profile.highresScale
            let outW = max(64, Int((Double(profile.width) * scale / 64).rounded()) * 64)
            let outH = max(64, Int((Double(profile.height) * scale / 64).rounded()) * 64)
            return (crop, outW, outH)
        }
        return (crop, cropWidth, cropHeight)
    }

    /// How small the source may be decoded (as a fraction of its size) and still give a full-quality
    /// output: the output's size over the crop's. Both orientations are considered, since the EXIF
    /// orientation is only known after decoding.
    public func minimumScale(sourceWidth width: Int, sourceHeight height: Int, profile: LightingProfile) -> Double {
        var scale = 0.0
        for (w, h) in [(width, height), (height, width)] {
            let plan = layout(sourceWidth: w, sourceHeight: h, profile: profile)
            scale = max(scale, Double(plan.outputWidth) / Double(plan.crop.width), Double(plan.outputHeight) / Double(plan.crop.height))
        }
        return min(1, scale)
    }

    /// The source cropped and scaled for this geometry.
    public func apply(to source: PixelBuffer, profile: LightingProfile) -> PixelBuffer {
        let plan = layout(sourceWidth: source.width, sourceHeight: source.height, profile: profile)
        var image = source
        if plan.crop.width != source.width || plan.crop.height != source.height {
            image = source.cropped(x: plan.crop.x, y: plan.crop.y, width: plan.crop.width, height: plan.crop.height)
        }
        if plan.outputWidth != image.width || plan.outputHeight != image.height {
            image = image.resized(width: plan.outputWidth, height: plan.outputHeight)
        }
        return image
    }
}
