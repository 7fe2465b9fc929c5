import CLCMS2
import Foundation
import ImageCodecs
import ImagePixels
import PixelDojo
import RelightConfig
import RelightEngine
import Relighting
import Sandbox
import Testing

/// Issue 12, "decode, orient, convert to sRGB": a photo tagged Adobe RGB goes up as an sRGB proxy,
/// and the restored output is right in the photo's own space, with its profile kept.
@Suite(.timeLimit(.minutes(5)))
struct ColourManagedCloudTests {
    /// An Adobe RGB (1998)-compatible profile made with Little CMS: D65, its primaries, gamma 563/256.
    static func adobeRGB() -> [UInt8] {
        var white = cmsCIExyY(x: 0.3127, y: 0.3290, Y: 1)
        var primaries = cmsCIExyYTRIPLE(
            Red: cmsCIExyY(x: 0.64, y: 0.33, Y: 1), Green: cmsCIExyY(x: 0.21, y: 0.71, Y: 1), Blue: cmsCIExyY(x: 0.15, y: 0.06, Y: 1))
        let gamma = cmsBuildGamma(nil, 563.0 / 256.0)
        defer { cmsFreeToneCurve(gamma) }
        var curves: [OpaquePointer?] = [gamma, gamma, gamma]
        let profile = cmsCreateRGBProfile(&white, &primaries, &curves)
        defer { cmsCloseProfile(profile) }
        var size: cmsUInt32Number = 0
        cmsSaveProfileToMem(profile, nil, &size)
        var bytes = [UInt8](repeating: 0, count: Int(size))
        cmsSaveProfileToMem(profile, &bytes, &size)
        return bytes
    }

    /// `image` converted between two profiles (nil: sRGB), as a colour-managed editor would.
    static func convert(_ image: PixelBuffer, from: [UInt8]?, to: [UInt8]?) -> PixelBuffer {
        func open(_ icc: [UInt8]?) -> cmsHPROFILE {
            guard let icc else { return cmsCreate_sRGBProfile() }
            return icc.withUnsafeBytes { cmsOpenProfileFromMem($0.baseAddress, cmsUInt32Number($0.count)) }
        }
        let source = open(from), target = open(to)
        defer { cmsCloseProfile(source); cmsCloseProfile(target) }
        let transform = cmsCreateTransform(source, relight_TYPE_RGB_8, target, relight_TYPE_RGB_8, cmsUInt32Number(INTENT_RELATIVE_COLORIMETRIC), 0)
        defer { cmsDeleteTransform(transform) }
        var out = image
        out.bytes.withUnsafeMutableBytes { cmsDoTransform(transform, $0.baseAddress, $0.baseAddress, cmsUInt32Number(image.pixelCount)) }
        return out
    }

    actor Seen {
        var subject: [UInt8] = []
        func keep(_ bytes: [UInt8]) { subject = bytes }
    }

    @Test func anAdobeRGBPhotoGoesUpAsSRGBAndComesBackInItsOwnSpace() async throws {
        let adobe = Self.adobeRGB()
        let url = Bundle.module.url(forResource: "rocket", withExtension: "jpg", subdirectory: "Fixtures")!
        let photo = try ImageDecoder.decode([UInt8](try Data(contentsOf: url))).pixels
        let inAdobe = try await CloudRestoreQualityTests.offPool {
            Self.convert(ImageMeasure.grained(photo.resized(width: photo.width * 3, height: photo.height * 3)), from: nil, to: adobe)
        }
        let jpeg = try ImageEncoder.encode(inAdobe, as: .jpeg, quality: 95, metadata: ImageMetadata(iccProfile: adobe))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relight-icc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("adobe.jpg").path
        try Data(jpeg).write(to: URL(fileURLWithPath: path))
        let source = try ImageDecoder.decode(jpeg)
        #expect(source.metadata.iccProfile?.count == adobe.count, "the test photo carries its profile")

        let seen = Seen()
        let engine = OperatorSandboxEngine()
        let harness = try await CloudHarness.start {
            $0.engine = ClosureEngine(name: "operator") { bytes, profile in
                await seen.keep(bytes)
                return try await engine.relight(bytes, profile: profile)
            }
        }
        defer { Task { await harness.stop() } }
        var profile = CloudHarness.profile()
        profile.deliver = .source
        profile.outputQuality = 100
        let result = try await harness.provider().relight(RelightRequest(sourcePath: path, profile: profile))
        let output = try ImageDecoder.decode([UInt8](try #require(result.images.first).data))
        #expect(output.pixels.width == source.pixels.width && output.pixels.height == source.pixels.height)
        #expect(output.metadata.iccProfile?.count == adobe.count, "the output keeps the photo's profile")

        // What went up is sRGB: the photo's frame converted, not its Adobe RGB numbers sent as they are.
        let plan = ProxyPlan(sourceWidth: source.pixels.width, sourceHeight: source.pixels.height, profile: profile)
        let sent = try ImageDecoder.decode(await seen.subject).pixels
            .cropped(x: plan.padLeft, y: plan.padTop, width: plan.contentWidth, height: plan.contentHeight)
        let content = source.pixels.resized(width: plan.contentWidth, height: plan.contentHeight)
        let asSRGB = ImageMeasure.psnr(sent, Self.convert(content, from: adobe, to: nil)), asIs = ImageMeasure.psnr(sent, content)
        #expect(asSRGB >= 35 && asSRGB >= asIs + 4, "proxy against the sRGB conversion \(asSRGB) dB, against the raw numbers \(asIs) dB")

        // Right in the photo's own space: the operator applied to the sRGB view of the original, converted back.
        let placement = SmoothOperator.Placement(
            x: Double(plan.padLeft) / Double(plan.proxyWidth), y: Double(plan.padTop) / Double(plan.proxyHeight),
            width: Double(plan.contentWidth) / Double(plan.proxyWidth), height: Double(plan.contentHeight) / Double(plan.proxyHeight))
        let (pixels, relighting) = (source.pixels, engine.relighting)
        let truth = try await CloudRestoreQualityTests.offPool {
            Self.convert(relighting.apply(to: Self.convert(pixels, from: adobe, to: nil), placement: placement), from: nil, to: adobe)
        }
        let psnr = ImageMeasure.psnr(output.pixels, truth)
        print(String(format: "colour-managed: proxy %.2f dB as sRGB, %.2f dB as raw numbers; restored %.2f dB", asSRGB, asIs, psnr))
        #expect(psnr >= 35, "restored \(psnr) dB against the operator in the photo's own space")
    }
}
