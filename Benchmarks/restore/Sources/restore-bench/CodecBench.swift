import ImageCodecs
import ImagePixels

/// `restore-bench codec JPEG`: the codec's share alone. A whole decode (TurboJPEG) against a strip-by-strip one
/// (libjpeg's scanlines), and a strip decode straight into the strip encoder, best of `runs` in thread-CPU ms.
enum CodecBench {
    static func run(_ bytes: [UInt8], runs: Int, stripRows: Int, clock: () -> Double) throws -> [(String, Double)] {
        var best = [String: Double]()
        func keep(_ name: String, _ since: Double) { best[name] = min(best[name] ?? .infinity, clock() - since) }
        for _ in 0..<runs {
            var c = clock()
            let original = try ImageDecoder.decode(bytes).pixels
            keep("whole decode", c)
            c = clock()
            _ = try ImageEncoder.encode(original, as: .jpeg, quality: 90)
            keep("whole encode", c)
            var strip = [UInt8](repeating: 0, count: stripRows * original.width * 3)
            c = clock()
            try strip.withUnsafeMutableBufferPointer { (buffer) throws(ImageCodecError) in
                try JPEGStripReader.read(bytes) { (reader) throws(ImageCodecError) in
                    while reader.rowsRead < reader.height {
                        try reader.read(into: buffer.baseAddress!, rows: min(stripRows, reader.height - reader.rowsRead))
                    }
                }
            }
            keep("strip decode", c)
            c = clock()
            _ = try strip.withUnsafeMutableBufferPointer { (buffer) throws(ImageCodecError) -> [UInt8] in
                try JPEGStripReader.read(bytes) { (reader) throws(ImageCodecError) -> [UInt8] in
                    try JPEGStripWriter.encode(width: reader.width, height: reader.height, quality: 90) { write throws(ImageCodecError) in
                        while reader.rowsRead < reader.height {
                            let rows = min(stripRows, reader.height - reader.rowsRead)
                            try reader.read(into: buffer.baseAddress!, rows: rows)
                            try write(buffer.baseAddress!, rows)
                        }
                    }
                }
            }
            keep("strip decode+encode", c)
        }
        return ["whole decode", "whole encode", "strip decode", "strip decode+encode"].map { ($0, best[$0]! * 1000) }
    }
}
