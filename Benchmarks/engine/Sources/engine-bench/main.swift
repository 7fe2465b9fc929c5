// engine-bench: the local engine's benchmark and preview tool (not part of `swift test`).
//
//   engine-bench time INPUT [--runs N] [--quality Q] [--threads N] [--whole] [--kernel portable|avx2|avx512]
//       decode → relight (full resolution, golden hour from the left) → encode JPEG, timed. The relight goes into
//       the encoder strip by strip, as LocalProvider does (one stage); --whole: relight the image, then encode it.
//       --kernel: the full-resolution pass's implementation (default: the fastest this CPU runs).
//   engine-bench render INPUT OUTPUT [--prompt P] [--light L] [--negative N] [--seed S] [--variation I] [--full]
//   engine-bench render INPUT OUTPUT --profile profiles/NAME.yaml [--full]
//       one relit output, for looking at results and for docs/engine.md's grid (--full: no crop or resize).
import Foundation
import ImageCodecs
import ImagePixels
import RelightConfig
import RelightEngine

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
guard let mode = args.first, args.count >= 2 else {
    print("usage: engine-bench time INPUT [--runs N] | engine-bench render INPUT OUTPUT [--prompt P] [--light L] ...")
    exit(64)
}

do {
    switch mode {
    case "time":
        let bytes = read(args[1])
        let runs = Int(option("--runs", in: args) ?? "5") ?? 5
        let quality = Int(option("--quality", in: args) ?? "90") ?? 90
        let profile = LightingProfile(name: "bench", prompt: "golden hour sunlight, soft shadows", lightSource: "Left Light", seed: 1)
        var plan = LightingPlan(profile: profile)
        if let grid = option("--grid", in: args).flatMap({ Int($0) }) { plan.gridFactor = grid }
        // --threads N: the full-resolution pass on N cores, as the daemon runs it (default 1: one core's work).
        let kernels: [String: PixelKernel] = ["portable": .portable, "avx2": .vector, "avx512": .wide]
        let kernelName = option("--kernel", in: args)
        guard let kernel = kernelName.map({ kernels[$0] }) ?? .best else {
            print("engine-bench: --kernel takes portable, avx2 or avx512")
            exit(64)
        }
        let engine = RelightEngine(threads: Int(option("--threads", in: args) ?? "1") ?? 1, kernel: kernel)
        print("kernel: \(engine.kernel)")
        let whole = args.contains("--whole")
        var best = (decode: Double.infinity, relight: Double.infinity, encode: Double.infinity, total: Double.infinity)
        var megapixels = 0.0
        var outputSize = 0
        for _ in 0..<runs {
            let t0 = now()
            var decoded = try ImageDecoder.decode(bytes)
            let t1 = now(), t2: Double, jpeg: [UInt8]
            if whole {
                engine.relight(&decoded.pixels, plan: plan)
                t2 = now()
                jpeg = try ImageEncoder.encode(decoded.pixels, as: .jpeg, quality: quality, metadata: decoded.metadata)
            } else {
                let pixels = decoded.pixels
                jpeg = try JPEGStripWriter.encode(width: pixels.width, height: pixels.height, quality: quality, metadata: decoded.metadata) {
                    write throws(ImageCodecError) in try engine.relightStrips(pixels, plan: plan, write)
                }
                t2 = now()
            }
            let t3 = now()
            megapixels = Double(decoded.pixels.pixelCount) / 1e6
            outputSize = jpeg.count
            best.decode = min(best.decode, t1 - t0)
            best.relight = min(best.relight, t2 - t1)
            best.encode = min(best.encode, t3 - t2)
            best.total = min(best.total, t3 - t0)
        }
        func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
        print(String(format: "image: %.1f MP, output %.1f MB (JPEG q%d), best of %d runs", megapixels, Double(outputSize) / 1e6, quality, runs))
        print("decode:  \(ms(best.decode))  (\(String(format: "%.0f", megapixels / best.decode)) MP/s)")
        if whole {
            print("relight: \(ms(best.relight))  (\(String(format: "%.0f", megapixels / best.relight)) MP/s)")
            print("encode:  \(ms(best.encode))  (\(String(format: "%.0f", megapixels / best.encode)) MP/s)")
        } else {
            print("relight+encode: \(ms(best.relight))  (\(String(format: "%.0f", megapixels / best.relight)) MP/s)")
        }
        print("total:   \(ms(best.total))")
    case "render":
        guard args.count >= 3 else { exit(64) }
        let decoded = try ImageDecoder.decode(read(args[1]))
        var profile = LightingProfile(
            name: "preview",
            prompt: option("--prompt", in: args) ?? "",
            lightSource: option("--light", in: args),
            negativePrompt: option("--negative", in: args),
            seed: option("--seed", in: args).flatMap { Int($0) } ?? 1
        )
        if let file = option("--profile", in: args) {
            let outcome = ProfileLoader.load(file: file)
            guard let loaded = outcome.profile else {
                FileHandle.standardError.write(Data("\(outcome.errors.map(\.description).joined(separator: "\n"))\n".utf8))
                exit(78)
            }
            profile = loaded
        }
        let variation = Int(option("--variation", in: args) ?? "0") ?? 0
        if args.contains("--plan") { print(LightingPlan(profile: profile, variation: variation)) }
        let geometry: OutputGeometry = args.contains("--full") ? .source : .profile
        let out = RelightEngine().render(decoded.pixels, profile: profile, variation: variation, geometry: geometry)
        let format: ImageFormat = args[2].hasSuffix(".jpg") ? .jpeg : (args[2].hasSuffix(".webp") ? .webp : .png)
        let encoded = try ImageEncoder.encode(out, as: format, quality: 90, metadata: decoded.metadata)
        try Data(encoded).write(to: URL(fileURLWithPath: args[2]))
    default:
        print("unknown mode \(mode)")
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("engine-bench: \(error)\n".utf8))
    exit(1)
}
