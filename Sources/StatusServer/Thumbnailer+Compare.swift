import Foundation
import ImageCodecs
import ImagePixels
import RelightConfig
import RelightPipeline

extension Thumbnailer {
    /// The first output of a done job, with its content type: the "after" side of the dashboard's
    /// before/after slider, at the output's own resolution. JPEG, PNG and WebP go as written; a TIFF,
    /// which browsers do not show, goes as a JPEG of the same pixels.
    public func comparisonAfter(of item: JournalItem) async -> (data: Data, contentType: String)? {
        guard item.state == .done, let output = item.outputs.first else { return nil }
        return try? await BlockingIO.run {
            let bytes = try PathBytes(output).contents()
            guard let format = ImageFormat.sniff(bytes) else { return nil }
            guard format == .tiff else { return (Data(bytes), format.mimeType) }
            let jpeg = try ImageEncoder.encode(try ImageDecoder.decode(bytes).pixels, as: .jpeg, quality: 90)
            return (Data(jpeg), ImageFormat.jpeg.mimeType)
        }
    }

    /// The source framed and sized as the job's first output (centre crop to its aspect ratio,
    /// scaled to its pixel size): the "before" side of the slider, so both sides line up.
    /// A JPEG, cached under `state_dir/thumbnails`.
    public func comparisonBefore(of item: JournalItem) async -> Data? {
        guard item.state == .done, let output = item.outputs.first else { return nil }
        let key = "compare-\(item.id ?? 0)-\(Int(item.finishedAt?.timeIntervalSince1970 ?? 0))"
        let cached = (folder as NSString).appendingPathComponent("\(key).jpg")
        let folder = self.folder
        let source = item.sourcePath
        return try? await BlockingIO.run {
            if let data = FileManager.default.contents(atPath: cached) { return data }
            let header = try ImageDecoder.probe(try PathBytes(output).contents())
            let bytes = try PathBytes(source).contents()
            let probe = try ImageDecoder.probe(bytes)
            var options = DecodeOptions()
            options.minimumScale = min(1, max(
                Double(header.width) / Double(max(1, min(probe.width, probe.height))),
                Double(header.height) / Double(max(1, min(probe.width, probe.height)))))
            let pixels = try ImageDecoder.decode(bytes, options: options).pixels
            let framed = Self.frame(pixels, width: header.width, height: header.height)
            let jpeg = Data(try ImageEncoder.encode(framed.layout == .rgba ? framed.flattened() : framed, as: .jpeg, quality: 90))
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try jpeg.write(to: URL(fileURLWithPath: cached), options: .atomic)
            return jpeg
        }
    }

    /// `pixels` centre-cropped to `width`:`height` and scaled to exactly that size.
    static func frame(_ pixels: PixelBuffer, width: Int, height: Int) -> PixelBuffer {
        let aspect = Double(width) / Double(height)
        var cropWidth = pixels.width, cropHeight = pixels.height
        if Double(pixels.width) / Double(pixels.height) > aspect {
            cropWidth = max(1, min(pixels.width, Int((Double(pixels.height) * aspect).rounded())))
        } else {
            cropHeight = max(1, min(pixels.height, Int((Double(pixels.width) / aspect).rounded())))
        }
        let cropped = pixels.cropped(x: (pixels.width - cropWidth) / 2, y: (pixels.height - cropHeight) / 2, width: cropWidth, height: cropHeight)
        return cropped.resized(width: width, height: height)
    }
}
