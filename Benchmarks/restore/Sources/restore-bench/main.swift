// restore-bench: the restore kernel's benchmark and preview tool (not part of `swift test`).
//
//   Every mode takes --kernel portable|avx2|avx512 for the 8-bit pass (default: the fastest this CPU runs).
//   restore-bench time [--runs N] [--image PATH]
//       fit on a 1.5 MP proxy and apply onto a 24 MP original (PATH enlarged to 6000×4000 with grain),
//       on one thread and on two; best of N runs.
//   restore-bench quality [--factor F] PHOTO...
//       PSNR against a known answer for restore, bilinear upscaling of the result, additive detail transfer
//       (low-pass of the result + high-pass of the original, in linear light) and ratio transfer, per photo:
//       the photo is the original, the proxy is 1/F of it, and two smooth relightings play the model.
//       --grain N: the original is the photo enlarged N times with fixed grain (camera-like fine detail).
//       Tuning, from the environment: OPS=ramp,tone,dim,dimoffset  LAMBDA=1e-3  BINS=8  CELLS=256  BLUR=1  ZSMOOTH=1
//       NOALIGN=1 (skip the alignment)  VERBOSE=1 (print the alignment and Laplacian energies).
//   restore-bench pipeline JPEG [--runs N] [--whole] [--strip ROWS]
//       the cloud path of one output on one thread, as FullFrame runs it: the upload (a 1/4-scale decode, the proxy,
//       its JPEG, the proxy at the fit's size), then the restore (decode the model's result, reduce it to the fit's
//       size, fit, then decode the original strip by strip, apply and encode q90 each strip); best stage times in thread-CPU ms
//       and the restore's own peak RSS. --whole: the older way, from the original decoded whole at upload and kept.
//       Benchmarks/restore/vs-tjbench.sh puts it beside tjbench.
//   restore-bench fit JPEG [--runs N]
//       the restore's fit alone, stage by stage, as `pipeline` runs it: decode the result, reduce it to the fit's
//       size (the proxy's frame at that size was made at upload), align, fill and solve the grid; best of N,
//       thread-CPU ms.
//   restore-bench codec JPEG [--runs N] [--strip ROWS]
//       the codec's share alone: TurboJPEG's whole decode and encode against the strip reader and writer.
//   restore-bench crop PHOTO OUTPUT.png [--x X --y Y --size S] [--factor F] [--operator ramp|tone|engine]
//       a 100 % crop of [original | reference | restored | upscaled] side by side, for looking at.
import Foundation
import ImageCodecs
import ImagePixels
import RelightConfig
import RelightEngine

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// CPU time of the calling thread: on a shared machine, what one core spent, whatever else ran.
func cpu() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func load(_ path: String) throws -> PixelBuffer {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
        exit(1)
    }
    return try ImageDecoder.decode([UInt8](data)).pixels.flattened()
}

/// The proxy's frame at the fit's size, made at upload from the pixels the proxy's JPEG is encoded from, as
/// FullFrame does (for a result at least the proxy's size).
func proxyAtFitSize(_ proxy: PixelBuffer) -> PixelBuffer {
    let size = Restore.fitSize(width: proxy.width, height: proxy.height)
    return proxy.resized(width: size.width, height: size.height)
}

/// --kernel portable | avx2 | avx512 (default: the fastest this CPU runs).
let kernelOption: PixelKernel = ["portable": .portable, "avx2": .vector, "avx512": .wide][option("--kernel") ?? ""] ?? .best

guard let mode = args.first else {
    print("usage: restore-bench time | quality PHOTO... | crop PHOTO OUTPUT.png")
    exit(64)
}

do {
    switch mode {
    case "time":
        let runs = Int(option("--runs") ?? "3") ?? 3
        let photo = try load(option("--image") ?? "Benchmarks/engine/sample.jpg")
        let original = Operators.grained(photo.resized(width: 6000, height: 4000))
        let proxy = original.resized(width: 1500, height: 1000)
        let result = Operators.apply("engine", to: proxy)
        var fit = Double.infinity, apply1 = Double.infinity, apply2 = Double.infinity, align = Double.infinity
        var fitCPU = Double.infinity, apply1CPU = Double.infinity, alignCPU = Double.infinity, inPlaceCPU = Double.infinity
        var model = Restore.fit(proxy: proxy, result: result)
        for _ in 0..<runs {
            var t = now(), c = cpu()
            _ = GlobalAlignment.estimate(proxy: proxy, result: result)
            align = min(align, now() - t)
            alignCPU = min(alignCPU, cpu() - c)
            t = now()
            c = cpu()
            model = Restore.fit(proxy: proxy, result: result)
            fit = min(fit, now() - t)
            fitCPU = min(fitCPU, cpu() - c)
            t = now()
            c = cpu()
            _ = model.applied(to: original, threads: 1, kernel: kernelOption)
            apply1 = min(apply1, now() - t)
            apply1CPU = min(apply1CPU, cpu() - c)
            t = now()
            _ = model.applied(to: original, threads: 2)
            apply2 = min(apply2, now() - t)
            var copy = original
            copy.bytes[0] ^= 1  // a copy of its own, every page touched
            c = cpu()
            model.apply(to: &copy, threads: 1, kernel: kernelOption)
            inPlaceCPU = min(inPlaceCPU, cpu() - c)
        }
        print("original 6000×4000 (24 MP), proxy and result 1500×1000 (1.5 MP), grid \(model.cellsX)×\(model.cellsY)×\(model.depth); best of \(runs)")
        print("                          wall ms    thread CPU ms")
        print(String(format: "fit (with alignment): %9.1f %12.1f", fit * 1000, fitCPU * 1000))
        print(String(format: "  alignment alone:    %9.1f %12.1f", align * 1000, alignCPU * 1000))
        print(String(format: "apply, 1 thread:      %9.1f %12.1f   (%.0f MP/s of CPU)", apply1 * 1000, apply1CPU * 1000, 24 / apply1CPU))
        print(String(format: "apply, 2 threads:     %9.1f", apply2 * 1000))
        print(String(format: "apply in place:                 %12.1f   (memory already touched: the kernel alone)", inPlaceCPU * 1000))
    case "quality":
        let factor = Int(option("--factor") ?? "2") ?? 2
        let photos = args.dropFirst().filter { $0.contains(".") }
        print("original = photo, proxy = photo / \(factor); PSNR (dB) against the relighting applied at full resolution")
        print("photo            operator   restore  upscale  detail-add  ratio   restore−upscale  Laplacian restore/ref")
        for path in photos {
            var original = try load(path)
            if let enlarge = option("--grain").flatMap({ Int($0) }) {
                original = Operators.grained(original.resized(width: original.width * enlarge, height: original.height * enlarge))
            }
            let proxy = original.resized(width: original.width / factor, height: original.height / factor)
            for name in (ProcessInfo.processInfo.environment["OPS"] ?? "ramp,tone").split(separator: ",").map(String.init) {
                let reference = Operators.apply(name, to: original)
                let result = Operators.apply(name, to: proxy)
                var options = RestoreOptions()
                if let l = ProcessInfo.processInfo.environment["LAMBDA"].flatMap({ Double($0) }) { options.regularization = l }
                if let b = ProcessInfo.processInfo.environment["BINS"].flatMap({ Int($0) }) { options.luminanceBins = b }
                if let c = ProcessInfo.processInfo.environment["CELLS"].flatMap({ Int($0) }) { options.spatialCells = c }
                if let c = ProcessInfo.processInfo.environment["ZSMOOTH"].flatMap({ Int($0) }) { options.luminanceSmoothing = c }
                if let c = ProcessInfo.processInfo.environment["BLUR"].flatMap({ Int($0) }) { options.blurPasses = c }
                options.align = ProcessInfo.processInfo.environment["NOALIGN"] == nil
                let model = Restore.fit(proxy: proxy, result: result, options: options)
                if ProcessInfo.processInfo.environment["VERBOSE"] != nil { print(model.alignment) }
                let restored = model.applied(to: original)
                let upscaled = result.resized(width: original.width, height: original.height)
                let additive = Transfer.additive(original: original, proxy: proxy, result: result)
                let ratio = Transfer.ratio(original: original, proxy: proxy, result: result)
                let p = Metrics.psnr(restored, reference), u = Metrics.psnr(upscaled, reference)
                let detail = Metrics.laplacianEnergy(restored) / Metrics.laplacianEnergy(reference)
                if ProcessInfo.processInfo.environment["VERBOSE"] != nil {
                    print("laplacian: reference \(Metrics.laplacianEnergy(reference)) ratio-method \(Metrics.laplacianEnergy(ratio)) additive \(Metrics.laplacianEnergy(additive)) original \(Metrics.laplacianEnergy(original))")
                }
                let file = (path as NSString).lastPathComponent
                if let dump = ProcessInfo.processInfo.environment["DUMP"] {
                    for (tag, image) in [("original", original), ("reference", reference), ("restored", restored)] {
                        let header = Array("P6\n\(image.width) \(image.height)\n255\n".utf8)
                        let rgb = image.flattened().bytes
                        try Data(header + rgb).write(to: URL(fileURLWithPath: "\(dump)/\(file)-\(name)-\(tag).ppm"))
                    }
                }
                print(String(format: "%-16@ %-9@ %7.2f %8.2f %10.2f %7.2f %12.2f %16.3f", file as NSString, name as NSString,
                             p, u, Metrics.psnr(additive, reference), Metrics.psnr(ratio, reference), p - u, detail))
            }
        }
    case "crop":
        guard args.count >= 3 else { exit(64) }
        let factor = Int(option("--factor") ?? "4") ?? 4
        let name = option("--operator") ?? "engine"
        let original = try load(args[1])
        let proxy = original.resized(width: original.width / factor, height: original.height / factor)
        let result = Operators.apply(name, to: proxy)
        var options = RestoreOptions()
        if let c = ProcessInfo.processInfo.environment["ZSMOOTH"].flatMap({ Int($0) }) { options.luminanceSmoothing = c }
        let restored = Restore.fit(proxy: proxy, result: result, options: options).applied(to: original)
        let reference = name == "engine" ? result.resized(width: original.width, height: original.height) : Operators.apply(name, to: original)
        let upscaled = result.resized(width: original.width, height: original.height)
        let size = min(Int(option("--size") ?? "256") ?? 256, original.width, original.height)
        let x = min(original.width - size, Int(option("--x") ?? "0") ?? 0), y = min(original.height - size, Int(option("--y") ?? "0") ?? 0)
        let panels = [original, reference, restored, upscaled].map { $0.cropped(x: x, y: y, width: size, height: size) }
        var sheet = PixelBuffer(width: size * 4 + 12, height: size, layout: .rgb)
        for (i, panel) in panels.enumerated() {
            for row in 0..<size {
                for column in 0..<size {
                    for k in 0..<3 { sheet.bytes[(row * sheet.width + i * (size + 4) + column) * 3 + k] = panel.bytes[(row * size + column) * 3 + k] }
                }
            }
        }
        try Data(try ImageEncoder.encode(sheet, as: .png, quality: 90)).write(to: URL(fileURLWithPath: args[2]))
        print("wrote \(args[2]): original | \(name == "engine" ? "upscaled result" : "reference") | restored | upscaled result; PSNR restored vs upscaled \(String(format: "%.2f", Metrics.psnr(restored, upscaled))) dB")
    case "codec":
        guard args.count >= 2, let data = FileManager.default.contents(atPath: args[1]) else { exit(64) }
        let figures = try CodecBench.run(
            [UInt8](data), runs: Int(option("--runs") ?? "3") ?? 3, stripRows: Int(option("--strip") ?? "32") ?? 32, clock: cpu)
        for (name, ms) in figures { print(String(format: "%@: %.1f", name, ms)) }
    case "fit":
        // The restore's fit alone, stage by stage, as `pipeline` runs it (best of N, thread-CPU ms).
        guard args.count >= 2, let data = FileManager.default.contents(atPath: args[1]) else { exit(64) }
        let runs = Int(option("--runs") ?? "5") ?? 5
        let bytes = [UInt8](data)
        let reduced = try ImageDecoder.decode(bytes, options: DecodeOptions(minimumScale: 0.25)).pixels
        let header = try ImageDecoder.probe(bytes)
        let proxy = reduced.resized(width: header.width / 4, height: header.height / 4)
        let downloaded = try ImageEncoder.encode(Operators.apply("engine", to: proxy), as: .jpeg, quality: 95)
        var best = [String: Double]()
        var order = [String]()
        func keep(_ name: String, _ since: Double) {
            if best[name] == nil { order.append(name) }
            best[name] = min(best[name] ?? .infinity, cpu() - since)
        }
        for _ in 0..<runs {
            var c = cpu()
            let sent = proxyAtFitSize(proxy)
            keep("the proxy to the fit's size (at upload, not the restore)", c)
            c = cpu()
            let result = try ImageDecoder.decode(downloaded).pixels
            keep("decode the result", c)
            c = cpu()
            let fitted = result.resized(width: sent.width, height: sent.height)
            keep("the result to the fit's size", c)
            c = cpu()
            let alignment = GlobalAlignment.estimate(proxy: sent, result: fitted)
            keep("alignment", c)
            c = cpu()
            _ = Restore.fit(proxy: sent, result: fitted, alignment: alignment)
            keep("grid: fill, blur, solve", c)
        }
        for name in order { print(String(format: "%@: %.2f", name, best[name]! * 1000)) }
    case "pipeline":
        // What the cloud path does per photo, on the calling thread, as FullFrame does it. At upload: decode the
        // original at 1/4 scale (DCT scaling), make the proxy, encode it (q92), reduce it to the fit's size. After the
        // download: decode the model's result, reduce it, fit, then decode the original again strip by strip, apply and encode (q90 4:4:4) each strip
        // while it is in cache. `--whole`: the restore from an original decoded whole and kept (the older way).
        guard args.count >= 2, let data = FileManager.default.contents(atPath: args[1]) else { exit(64) }
        let runs = Int(option("--runs") ?? "3") ?? 3
        let kernel = kernelOption
        let whole = args.contains("--whole")
        let bytes = [UInt8](data)
        var best = [String: Double]()
        // The total is the best run's own, not the sum of each stage's best (no run may have had them all).
        var run = [String: Double]()
        var bestTotal = Double.infinity
        func keep(_ name: String, _ since: Double) {
            run[name] = cpu() - since
            best[name] = min(best[name] ?? .infinity, run[name]!)
        }
        let stages = whole ? ["decode", "fit", "apply+encode"] : ["fit", "decode+apply+encode"]
        var restorePeak = 0
        for _ in 0..<runs {
            run = [:]
            var c = cpu()
            // Upload: only the proxy at the fit's size outlives it (FullFrame also keeps its JPEG), and the original with --whole.
            let (kept, fitSent, proxy): (PixelBuffer?, PixelBuffer, PixelBuffer) = try {
                guard whole else {
                    // As FullFrame does for an upright JPEG: the proxy from a decode at 1/4 scale, nothing kept.
                    let reduced = try ImageDecoder.decode(bytes, options: DecodeOptions(minimumScale: 0.25)).pixels
                    let header = try ImageDecoder.probe(bytes)
                    let proxy = reduced.resized(width: header.width / 4, height: header.height / 4)
                    _ = try ImageEncoder.encode(proxy, as: .jpeg, quality: 92)
                    return (nil, proxyAtFitSize(proxy), proxy)
                }
                let original = try ImageDecoder.decode(bytes).pixels
                keep("decode", c)
                let proxy = original.resized(width: original.width / 4, height: original.height / 4)
                _ = try ImageEncoder.encode(proxy, as: .jpeg, quality: 92)
                return (original, proxyAtFitSize(proxy), proxy)
            }()
            keep("upload", c)
            // The model's work, untimed: its result comes back as a JPEG.
            let downloaded = try ImageEncoder.encode(Operators.apply("engine", to: proxy), as: .jpeg, quality: 95)
            PeakMemory.reset()
            c = cpu()
            // As FullFrame: the proxy's frame at the fit's size was made at upload (it is `fitSent`), so only the
            // result is decoded and reduced here.
            let result = try ImageDecoder.decode(downloaded).pixels
            let size = Restore.fitSize(width: min(proxy.width, result.width), height: min(proxy.height, result.height))
            precondition(fitSent.width == size.width && fitSent.height == size.height, "a result at least the proxy's size")
            let model = Restore.fit(proxy: fitSent, result: result.resized(width: size.width, height: size.height))
            keep("fit", c)
            c = cpu()
            if let original = kept {
                _ = try JPEGStripWriter.encode(width: original.width, height: original.height, quality: 90) { write throws(ImageCodecError) in
                    try model.applyStrips(to: original, threads: 1, kernel: kernel, write)
                }
            } else {
                _ = try JPEGStripReader.read(bytes) { (reader) throws(ImageCodecError) -> [UInt8] in
                    try JPEGStripWriter.encode(width: reader.width, height: reader.height, quality: 90) { write throws(ImageCodecError) in
                        try model.applyStrips(
                            width: reader.width, height: reader.height, stripRows: Int(option("--strip") ?? "32") ?? 32, threads: 1, kernel: kernel,
                            fill: { (strip, rows) throws(ImageCodecError) in try reader.read(into: strip, rows: rows) }, write)
                    }
                }
            }
            keep(whole ? "apply+encode" : "decode+apply+encode", c)
            bestTotal = min(bestTotal, stages.reduce(0) { $0 + run[$1]! })
            restorePeak = max(restorePeak, PeakMemory.megabytes)
        }
        print(String(format: "upload (decode%@, proxy, encode it; not the restore): %.1f", whole ? "" : " at 1/4 scale", best["upload"]! * 1000))
        // --whole: the original decoded at upload is kept, and its decode counts here.
        for name in stages { print(String(format: "%@: %.1f", name, best[name]! * 1000)) }
        print(String(format: "total: %.1f", bestTotal * 1000))
        print("peak RSS during the restore: \(restorePeak) MB\(whole ? " (with the original kept decoded)" : "")")
    default:
        print("unknown mode \(mode)")
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("restore-bench: \(error)\n".utf8))
    exit(1)
}
