// camera-bench: times relight's camera-file codecs (see Benchmarks/camera/run.sh); not part of `swift test`.
//
//   camera-bench decode FILE [--runs N] [--preview] [--deep]
//       decodes FILE (RAW, HEIC, TIFF...) the way the daemon does, best of N, in ms.
//   camera-bench write-tiff FILE OUT [--runs N]
//       decodes FILE at full depth (untimed), then times writing it as a 16-bit deflate TIFF.
import Foundation
import ImageCodecs
import ImagePixels

func option(_ name: String, in args: [String]) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func read(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
        exit(1)
    }
    return [UInt8](data)
}

let args = Array(CommandLine.arguments.dropFirst())
guard args.count >= 2 else {
    print("usage: camera-bench decode FILE [--runs N] [--preview] [--deep] | camera-bench write-tiff FILE OUT [--runs N]")
    exit(64)
}
let runs = Int(option("--runs", in: args) ?? "3") ?? 3

do {
    switch args[0] {
    case "decode":
        var options = DecodeOptions(keepDeepPixels: args.contains("--deep"), raw: args.contains("--preview") ? .preview : .develop)
        options.maxPixels = 200_000_000
        var best = Double.infinity
        var last: DecodedImage?
        for _ in 0..<runs {
            let t0 = now()
            let bytes = read(args[1])  // the file read counts, as it does for the peers
            last = try ImageDecoder.decode(bytes, options: options)
            best = min(best, (now() - t0) * 1000)
        }
        if let last {
            print("decoded: \(last.pixels.width)x\(last.pixels.height) \(last.header.content.displayName) by \(last.decoder)\(last.deep == nil ? "" : ", 16-bit")")
        }
        print(String(format: "decode: %.1f ms", best))
    case "write-tiff":
        guard args.count >= 3 else { exit(64) }
        let decoded = try ImageDecoder.decode(read(args[1]), options: DecodeOptions(maxPixels: 200_000_000, keepDeepPixels: true))
        let deep = decoded.deep ?? PixelBuffer16(decoded.pixels)
        var best = Double.infinity
        var size = 0
        for _ in 0..<runs {
            let t0 = now()
            let bytes = try ImageEncoder.encode(deep, as: .tiff, metadata: decoded.metadata)
            try Data(bytes).write(to: URL(fileURLWithPath: args[2]))
            best = min(best, (now() - t0) * 1000)
            size = bytes.count
        }
        print("wrote: \(deep.width)x\(deep.height) 16-bit, \(size / 1_000_000) MB")
        print(String(format: "write: %.1f ms", best))
    default:
        print("unknown mode \(args[0])")
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("camera-bench: \(error)\n".utf8))
    exit(1)
}
