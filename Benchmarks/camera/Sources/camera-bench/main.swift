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

/// CPU time of the whole process (every thread), so a busy shared machine does not count against us.
func cpu() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The whole file in one array, read once (as the daemon's reader does).
func read(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else {
        FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
        exit(1)
    }
    defer { fclose(file) }
    fseek(file, 0, SEEK_END)
    let size = ftell(file)
    fseek(file, 0, SEEK_SET)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        count = fread(buffer.baseAddress, 1, size, file)
    }
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
        var best = Double.infinity, bestCPU = Double.infinity
        var last: DecodedImage?
        for _ in 0..<runs {
            let t0 = now(), c0 = cpu()
            let bytes = read(args[1])  // the file read counts, as it does for the peers
            last = try ImageDecoder.decode(bytes, options: options)
            best = min(best, (now() - t0) * 1000)
            bestCPU = min(bestCPU, (cpu() - c0) * 1000)
        }
        if let last {
            print("decoded: \(last.pixels.width)x\(last.pixels.height) \(last.header.content.displayName) by \(last.decoder)\(last.deep == nil ? "" : ", 16-bit")")
        }
        print(String(format: "decode: %.1f ms", best))
        print(String(format: "decode-cpu: %.1f ms", bestCPU))
    case "write-tiff":
        guard args.count >= 3 else { exit(64) }
        let decoded = try ImageDecoder.decode(read(args[1]), options: DecodeOptions(maxPixels: 200_000_000, keepDeepPixels: true))
        let deep = decoded.deep ?? PixelBuffer16(decoded.pixels)
        var best = Double.infinity, bestCPU = Double.infinity
        var size = 0
        for _ in 0..<runs {
            let t0 = now(), c0 = cpu()
            let bytes = try ImageEncoder.encode(deep, as: .tiff, metadata: decoded.metadata)
            guard let file = fopen(args[2], "wb") else { throw CocoaError(.fileWriteUnknown) }
            _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            fclose(file)
            best = min(best, (now() - t0) * 1000)
            bestCPU = min(bestCPU, (cpu() - c0) * 1000)
            size = bytes.count
        }
        print("wrote: \(deep.width)x\(deep.height) 16-bit, \(size / 1_000_000) MB")
        print(String(format: "write: %.1f ms", best))
        print(String(format: "write-cpu: %.1f ms", bestCPU))
    default:
        print("unknown mode \(args[0])")
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("camera-bench: \(error)\n".utf8))
    exit(1)
}
