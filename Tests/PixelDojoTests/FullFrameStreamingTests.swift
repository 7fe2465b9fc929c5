import Foundation
import ImageCodecs
import ImagePixels
@testable import PixelDojo
import RelightConfig
import RelightEngine
import Relighting
import Sandbox
import Testing

/// While a cloud job runs, a full frame holds the original's file rather than its decoded pixels when the
/// restore can read it again strip by strip (an upright 8-bit JPEG restored to JPEG), and that restore
/// gives the same bytes as the one from the decoded original. Other originals are kept decoded.
@Suite struct FullFrameStreamingTests {
    static func profile(_ format: OutputFormat = .jpg) -> LightingProfile {
        LightingProfile(
            name: "golden-hour", prompt: "golden hour sunlight", lightSource: "Left Light", outputFormat: format, deliver: .source)
    }

    /// A stand-in for the model's answer: the proxy that went up, relit by the local engine.
    static func downloaded(for frame: FullFrame) throws -> [UInt8] {
        let sent = try ImageDecoder.decode(frame.proxyJPEG).pixels
        let relit = RelightEngine().relighting(sent, plan: LightingPlan(profile: profile()))
        return try ImageEncoder.encode(relit, as: .jpeg, quality: 95)
    }

    @Test func anUprightJPEGIsHeldAsItsFileAndRestoredStripByStripToTheSameBytes() async throws {
        let path = try FullFrameCloudTests.photo(width: 1700, height: 1000)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let frame = try await FullFrame.load(path: path, profile: Self.profile())
        #expect(frame.original == nil, "the decoded pixels are not kept")
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let held = frame.source == file
        #expect(held)

        // The same frame with the original decoded and kept, as other formats are.
        let decoded = try ImageDecoder.decode(file)
        let whole = FullFrame(
            original: decoded, source: nil, metadata: frame.metadata, width: frame.width, height: frame.height,
            sourceFormat: frame.sourceFormat, decoder: frame.decoder, plan: frame.plan, proxyJPEG: frame.proxyJPEG,
            fitSent: frame.fitSent, colour: frame.colour)
        let downloaded = try Self.downloaded(for: frame)
        let streamed = try await frame.restore(downloaded, profile: Self.profile(), index: 1, jobID: "job-1")
        let kept = try await whole.restore(downloaded, profile: Self.profile(), index: 1, jobID: "job-1")
        let same = streamed.data == kept.data
        #expect(same, "\(streamed.data.count) bytes streamed, \(kept.data.count) from the decoded original")
        #expect(streamed.width == 1700 && streamed.height == 1000)
        // And it is the relit photo, not the original.
        let output = try ImageDecoder.decode([UInt8](streamed.data)).pixels
        #expect(output.width == 1700 && output != decoded.pixels)
    }

    /// The frame the restore fits against is made at upload, at the fit's size, from the pixels the proxy's
    /// JPEG was encoded from: the same picture as the JPEG decoded and reduced. A result smaller than the
    /// proxy, whose fit is smaller still, is fitted against the JPEG instead, and restores the same light.
    @Test func theFitsFrameIsMadeAtUploadAndASmallerResultFallsBackToTheSentJPEG() async throws {
        let path = try FullFrameCloudTests.photo(width: 1700, height: 1000)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let frame = try await FullFrame.load(path: path, profile: Self.profile())
        let size = Restore.fitSize(width: frame.plan.contentWidth, height: frame.plan.contentHeight)
        #expect(frame.fitSent.width == size.width && frame.fitSent.height == size.height)
        #expect(size.width < frame.plan.contentWidth / 2, "the fit is smaller than the proxy")
        let decoded = try frame.sentContent().resized(width: size.width, height: size.height)
        let agreement = ImageMeasure.psnr(frame.fitSent, decoded)
        #expect(agreement > 40, "the frame before and after the proxy's JPEG: \(agreement) dB")

        let downloaded = try Self.downloaded(for: frame)
        let full = try await frame.restore(downloaded, profile: Self.profile(), index: 1, jobID: "job-1")
        let result = try ImageDecoder.decode(downloaded).pixels
        let half = try ImageEncoder.encode(result.resized(width: result.width / 2, height: result.height / 2), as: .jpeg, quality: 95)
        let fromHalf = try await frame.restore(half, profile: Self.profile(), index: 1, jobID: "job-1")
        let a = try ImageDecoder.decode([UInt8](full.data)).pixels, b = try ImageDecoder.decode([UInt8](fromHalf.data)).pixels
        #expect(b.width == 1700 && b.height == 1000)
        let same = ImageMeasure.psnr(a, b)
        #expect(same > 35, "restored from the result and from its half: \(same) dB")
        #expect(ImageMeasure.psnr(b, try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).pixels) < same - 3,
                "and relit, not the original")
    }

    /// Runs exiftool (a test tool here); throws if it fails.
    static func exiftool(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["exiftool", "-q"] + arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "exiftool \(arguments)")
    }

    /// The proxy of such a JPEG comes from a decode at a reduced DCT scale (no full-size image at upload; sides
    /// the scale does not divide are decoded whole): the same frame as the proxy made from the full decode, to
    /// within JPEG's own noise.
    @Test(arguments: [(4000, 2700), (4001, 2699)])
    func theProxyFromAReducedDecodeIsTheFullDecodesProxy(width: Int, height: Int) async throws {
        let path = try FullFrameCloudTests.photo(width: width, height: height)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let frame = try await FullFrame.load(path: path, profile: Self.profile())
        #expect(frame.original == nil && frame.width == width && frame.height == height)
        let full = try ImageDecoder.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).pixels
        // As sent: converted to sRGB when the photo has another profile.
        let content = frame.plan.content(ofOriginal: full)
        let expected = frame.plan.padded(frame.colour.map { $0.toSRGB(content) } ?? content)
        let sent = try ImageDecoder.decode(frame.proxyJPEG).pixels
        #expect(sent.width == expected.width && sent.height == expected.height)
        let psnr = ImageMeasure.psnr(sent, expected)
        #expect(psnr >= 38, "\(width)×\(height): proxy against the full decode's: \(psnr) dB")
    }

    @Test func aRotatedJPEGOrAnotherOutputFormatKeepsTheDecodedOriginal() async throws {
        let path = try FullFrameCloudTests.photo(width: 900, height: 600)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let png = try await FullFrame.load(path: path, profile: Self.profile(.png))
        #expect(png.original != nil && png.source == nil)

        let rotated = (path as NSString).deletingLastPathComponent + "/rotated.jpg"
        try Self.exiftool(["-Orientation#=6", "-o", rotated, path])
        let frame = try await FullFrame.load(path: rotated, profile: Self.profile())
        #expect(frame.original != nil && frame.source == nil)
        // Upright: 600 × 900.
        #expect(frame.width == 600 && frame.height == 900)
        let restored = try await frame.restore(try Self.downloaded(for: frame), profile: Self.profile(), index: 1, jobID: "job-2")
        let header = try ImageDecoder.probe([UInt8](restored.data))
        #expect(header.width == 600 && header.height == 900)
    }
}
