import Crypto
import Dispatch
import Foundation
import ImageCodecs
import ImagePixels
import RelightConfig
import RelightEngine
import Relighting

/// `deliver: source` on the cloud path: the API gets a small sRGB proxy of the whole frame, and
/// its result is restored onto the full-resolution original (light and colour from the model,
/// detail from the camera). Everything here is CPU work, run off the cooperative pool.
struct FullFrame: Sendable {
    /// The oriented original, kept from upload to restore only when the restore cannot read it again strip
    /// by strip (see ``source``).
    let original: DecodedImage?
    /// The original's file, when it is a plain 8-bit RGB JPEG, upright, restored to a JPEG: the restore then
    /// decodes it strip by strip into the encoder, so a job waiting on the API holds these bytes (7 MB at
    /// 24 MP) instead of the decoded pixels (72 MB), and the restore never holds them either.
    let source: [UInt8]?
    /// The original's EXIF and ICC profile, for the outputs, and its oriented size.
    let metadata: ImageMetadata
    let width: Int
    let height: Int
    /// What the original is and what decoded it, for the sidecar ("JPEG", "libjpeg-turbo").
    let sourceFormat: String
    let decoder: String
    let plan: ProxyPlan
    /// The proxy as uploaded: the original scaled to the proxy's content size, converted to sRGB, padded and
    /// encoded as a JPEG at quality 92, made once. The same file and profile always give the same bytes (and the
    /// same ``fitSent``), so a job resumed after a restart fits against what was sent (a job resumed across the
    /// upgrade that made proxies from reduced decodes fits against one a fraction of a code off, which the fit
    /// absorbs).
    let proxyJPEG: [UInt8]
    /// The proxy's frame (padding left out) reduced to the size the restore fits at, when the model returns
    /// at least the proxy's size (it does: 1× or Magic Lighting's 1.5×): made here from the pixels the JPEG was
    /// encoded from, so the restore neither decodes the proxy again nor reduces it (~9 ms of a 24 MP restore).
    /// At a third of the proxy's side, the JPEG's noise is mostly averaged away: CloudRestoreQualityTests'
    /// figures moved by −0.6 to +0.1 dB (rocket through the aspect-ratio models 53.9 → 53.3 dB, the others
    /// within 0.2 dB; all still above 41 dB against thresholds of 35 and 32). 0.5 MB.
    let fitSent: PixelBuffer
    /// The original's own ICC profile to sRGB and back; nil when it is sRGB (or has no profile).
    let colour: ICCConversion?

    /// Makes the original's proxy and keeps what the restore will need: the file, when the restore can read it
    /// again strip by strip (``reread(_:profile:)``), or else the original decoded at full size.
    /// With `expectedSHA256` (a job resumed after a restart), the file must still hold the bytes that were sent:
    /// the model's result restored onto another photo is a blend of the two, not an output.
    static func load(path: String, profile: LightingProfile, expectedSHA256: String? = nil) async throws -> FullFrame {
        try await offPool {
            let bytes: [UInt8]
            do throws(PathBytes.FileError) { bytes = try PathBytes(path).contents() } catch {
                throw PixelDojoError(.invalidRequest, "Cannot read \(PathBytes.display(path)) to make its proxy: \(error.description).")
            }
            if let expectedSHA256, Hex.string(SHA256.hash(data: bytes)) != expectedSHA256 {
                throw PixelDojoError(
                    .invalidRequest,
                    "\(PathBytes.display(path)) was replaced while its job was in flight: the model's result belongs to the photo that was "
                        + "sent and cannot be restored onto the new one, which is relit as a photo of its own.")
            }
            if let frame = try? reread(bytes, profile: profile) { return frame }
            let original: DecodedImage
            // A 16-bit original is restored at 16 bits when the output format can hold them.
            let options = DecodeOptions(keepDeepPixels: ImageEncoder.keepsDeepPixels(ImageFormat(profile.outputFormat)))
            do throws(ImageCodecError) { original = try ImageDecoder.decode(bytes, options: options) } catch {
                throw PixelDojoError(.invalidRequest, "Cannot decode \(PathBytes.display(path)) to make its proxy: \(error.message).")
            }
            let plan = ProxyPlan(sourceWidth: original.pixels.width, sourceHeight: original.pixels.height, profile: profile)
            let proxy = try Self.proxy(of: original.pixels, metadata: original.metadata, plan: plan)
            return FullFrame(
                original: original, source: nil, metadata: original.metadata, width: original.pixels.width, height: original.pixels.height,
                sourceFormat: original.header.content.displayName, decoder: original.decoder, plan: plan, proxyJPEG: proxy.jpeg,
                fitSent: proxy.fitSent, colour: proxy.colour)
        }
    }

    /// The frame of an original the restore can read again strip by strip (an upright 8-bit RGB JPEG restored
    /// to a JPEG), or nil: its proxy comes from a decode at the smallest DCT scale that still covers the proxy
    /// (1/4 of each side for 24 MP), so no full-size image is decoded at upload either (for sides the scale
    /// divides, as a camera's do), and only the file is kept.
    private static func reread(_ bytes: [UInt8], profile: LightingProfile) throws -> FullFrame? {
        // An EXIF-rotated JPEG (a portrait from most cameras and phones) is turned as a whole: known before any decode.
        guard ImageFormat(profile.outputFormat) == .jpeg, let header = try? ImageDecoder.probe(bytes), header.format == .jpeg,
              JPEGStripReader.orientation(of: bytes) == 1, JPEGStripReader.canRead(bytes)
        else { return nil }
        let plan = ProxyPlan(sourceWidth: header.width, sourceHeight: header.height, profile: profile)
        let scale = max(Double(plan.contentWidth) / Double(header.width), Double(plan.contentHeight) / Double(header.height))
        // The DCT scale the decoder would pick, only where it divides both sides: otherwise its last column or
        // row stands for fewer pixels than the others, and the proxy would be stretched by up to half a pixel.
        let denominator = [8, 4, 2].first { (d: Int) -> Bool in
            1 / Double(d) >= scale && header.width % d == 0 && header.height % d == 0
        } ?? 1
        let small = try ImageDecoder.decode(bytes, options: DecodeOptions(minimumScale: 1 / Double(denominator)))
        guard small.pixels.layout == .rgb else { return nil }
        let proxy = try Self.proxy(of: small.pixels, metadata: small.metadata, plan: plan)
        return FullFrame(
            original: nil, source: bytes, metadata: small.metadata, width: header.width, height: header.height,
            sourceFormat: small.header.content.displayName, decoder: small.decoder, plan: plan, proxyJPEG: proxy.jpeg,
            fitSent: proxy.fitSent, colour: proxy.colour)
    }

    /// The proxy JPEG of `pixels` (the original, or a reduction of it): scaled to the proxy's content size,
    /// converted to sRGB (the model expects sRGB; only the small proxy is converted), padded and encoded;
    /// and its frame at the fit's size (``fitSent``).
    private static func proxy(
        of pixels: PixelBuffer, metadata: ImageMetadata, plan: ProxyPlan
    ) throws -> (jpeg: [UInt8], fitSent: PixelBuffer, colour: ICCConversion?) {
        let colour = metadata.iccProfile.flatMap { ICCConversion(icc: $0) }
        var scaled = plan.content(ofOriginal: pixels)
        if let colour { scaled = colour.toSRGB(scaled) }
        let fit = Restore.fitSize(width: scaled.width, height: scaled.height)
        // JPEG: any alpha is composited over white by the encoder (and so in the frame the fit compares).
        let fitSent = scaled.flattened().resized(width: fit.width, height: fit.height)
        do throws(ImageCodecError) { return (try ImageEncoder.encode(plan.padded(scaled), as: .jpeg, quality: 92), fitSent, colour) } catch {
            throw PixelDojoError(.invalidRequest, "Cannot encode the proxy: \(error.message).")
        }
    }

    /// The API's geometry for this frame, in place of the profile's.
    func parameters(_ profile: LightingProfile) -> [String: JSONValue] {
        var parameters = profile.apiParameters
        if let width = plan.width, let height = plan.height {
            parameters[LightingProfile.ParameterName.width] = .string(String(width))
            parameters[LightingProfile.ParameterName.height] = .string(String(height))
        }
        if let ratio = plan.aspectRatio { parameters[LightingProfile.ParameterName.aspectRatio] = .string(ratio.rawValue) }
        return parameters
    }

    /// The frame as the model saw it: the uploaded JPEG decoded, its padding cut off. For a result smaller
    /// than the proxy, whose fit is at a size ``fitSent`` is not: there, fitting against this rather than
    /// the pixels before compression keeps JPEG noise out of the fit, where it would flatten the colour
    /// transforms' slopes (and so the restored detail).
    func sentContent() throws -> PixelBuffer {
        let sent: PixelBuffer
        do throws(ImageCodecError) { sent = try ImageDecoder.decode(proxyJPEG).pixels } catch {
            throw PixelDojoError(.invalidRequest, "Cannot read back the proxy: \(error.message).")
        }
        return sent.cropped(x: plan.padLeft, y: plan.padTop, width: plan.contentWidth, height: plan.contentHeight)
    }

    /// The proxy as a JPEG at quality 92, written to a temporary file for the uploader; the caller removes it.
    func writeProxy() async throws -> String {
        let bytes = proxyJPEG
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("relight-proxy-\(UUID().uuidString).jpg")
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw PixelDojoError(.invalidRequest, "Cannot write the proxy to \(NSTemporaryDirectory()); check that the temporary folder is writable.")
        }
        return path
    }

    /// A downloaded result restored onto the original, encoded as the profile asks.
    func restore(_ downloaded: [UInt8], profile: LightingProfile, index: Int, jobID: String) async throws -> RelitImage {
        let frame = self
        return try await Self.offPool {
            let result: PixelBuffer
            do throws(ImageCodecError) { result = try ImageDecoder.decode(downloaded).pixels } catch {
                throw PixelDojoError(.notAnImage, "Output \(index) of job \(jobID) is not a readable image: \(error.message)")
            }
            let content = frame.plan.content(of: result)
            let size = Restore.fitSize(
                width: min(frame.plan.contentWidth, content.width), height: min(frame.plan.contentHeight, content.height))
            var proxy = frame.fitSent.width == size.width && frame.fitSent.height == size.height
                ? frame.fitSent : try frame.sentContent().resized(width: size.width, height: size.height)
            var fitted = content.resized(width: size.width, height: size.height)
            if let colour = frame.colour {
                // Fit in the original's own space, so the transforms apply to its pixels as they are.
                proxy = colour.fromSRGB(proxy)
                fitted = colour.fromSRGB(fitted)
            }
            let model = Restore.fit(proxy: proxy, result: fitted)
            let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
            let format = ImageFormat(profile.outputFormat)
            let data: [UInt8]
            do throws(ImageCodecError) {
                if let source = frame.source {
                    // Strip by strip from the decoder through the restore into the encoder: no image-sized buffer.
                    data = try JPEGStripReader.read(source) { (reader) throws(ImageCodecError) -> [UInt8] in
                        try JPEGStripWriter.encode(
                            width: reader.width, height: reader.height, quality: profile.outputQuality, metadata: frame.metadata
                        ) { write throws(ImageCodecError) in
                            try model.applyStrips(
                                width: reader.width, height: reader.height, threads: threads,
                                fill: { (strip, rows) throws(ImageCodecError) in try reader.read(into: strip, rows: rows) }, write)
                        }
                    }
                } else if let original = frame.original {
                    data = try Self.restore(original, with: model, threads: threads, format: format, quality: profile.outputQuality)
                } else {
                    preconditionFailure("a full frame keeps its original or its source")
                }
            } catch {
                throw PixelDojoError(.notAnImage, "Cannot encode the restored output \(index) of job \(jobID): \(error.message)")
            }
            return RelitImage(data: Data(data), format: profile.outputFormat, width: frame.width, height: frame.height, index: index, seed: profile.seed)
        }
    }

    /// The restore of an original decoded whole: 16-bit where it has more than 8 bits, strip by strip into a
    /// JPEG encoder where it can, otherwise into a new image for the profile's format.
    private static func restore(
        _ original: DecodedImage, with model: RestoreModel, threads: Int, format: ImageFormat, quality: Int
    ) throws(ImageCodecError) -> [UInt8] {
        if let deep = original.deep {
            return try ImageEncoder.encode(model.applied(to: deep, threads: threads), as: format, quality: quality, metadata: original.metadata)
        }
        let pixels = original.pixels
        if format == .jpeg, pixels.layout == .rgb {
            // Strip by strip from the restore into the encoder: no full-size copy of the output.
            return try JPEGStripWriter.encode(width: pixels.width, height: pixels.height, quality: quality, metadata: original.metadata) {
                write throws(ImageCodecError) in try model.applyStrips(to: pixels, threads: threads, write)
            }
        }
        return try ImageEncoder.encode(model.applied(to: pixels, threads: threads), as: format, quality: quality, metadata: original.metadata)
    }

    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
