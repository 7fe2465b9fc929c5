import ArgumentParser
import Foundation
import Sandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Runs a local server that speaks the cloud API, for trying the cloud path offline.",
        discussion: """
            The API is at http://HOST:PORT/api/v1 (use it as pixeldojo.base_url) and the presign service at
            http://HOST:PORT/presign (upload.presign_service.url). Stats: GET /sandbox/stats. Top up credits:
            POST /sandbox/credits {"add": N}. Runs until SIGINT or SIGTERM.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8788
    @Option(name: .customLong("api-key"), help: "The bearer key the API accepts.")
    var apiKey = "sandbox-key"
    @Option(name: .customLong("presign-token"), help: "The bearer token the presign service accepts (default: the API key).")
    var presignToken: String?
    @Option(help: """
        What relights a job: local (the embedded engine), operator (a known smooth relighting, a directional gain and a warm \
        cast in linear light, for checking restore against ground truth) or echo (returns the input, for load tests).
        """)
    var engine = "local"
    @Option(help: "With --engine operator: move each result by DX,DY pixels (right and down), e.g. 3,-2.")
    var shift: String?

    @Option(help: "Latency added to every answer, e.g. 250ms or 2s.")
    var latency = "0ms"
    @Option(name: .customLong("rate-limit-every"), help: "Answer every Nth API call with 429 and Retry-After (0: never).")
    var rateLimitEvery = 0
    @Option(name: .customLong("retry-after"), help: "The Retry-After seconds sent with a 429.")
    var retryAfter = 1
    @Option(name: .customLong("error-rate"), help: "Fraction of API calls answered 500 internal_error (0-1).")
    var errorRate = 0.0
    @Option(help: "Credit balance; each job costs number_of_images credits; 402 once it runs out (default: unlimited).")
    var credits: Double?
    @Option(name: .customLong("fail-rate"), help: "Fraction of jobs that end failed (0-1).")
    var failRate = 0.0
    @Option(name: .customLong("drop-rate"), help: "Fraction of API calls and downloads whose connection is dropped (0-1).")
    var dropRate = 0.0
    @Option(name: .customLong("malformed-rate"), help: "Fraction of API answers that are an HTML page instead of JSON (0-1).")
    var malformedRate = 0.0
    @Option(name: .customLong("truncate-rate"), help: "Fraction of API answers cut off mid-body (0-1).")
    var truncateRate = 0.0
    @Option(name: .customLong("job-duration"), help: "How long a job takes, e.g. 100ms or 5s.")
    var jobDuration = "100ms"
    @Option(name: .customLong("output-ttl"), help: "How long output and object URLs stay valid, e.g. 1h or 30s.")
    var outputTTL = "1h"
    @Option(name: .customLong("save-to"), help: "Also write each job's fetched subject image and its results into this folder, for looking at.")
    var saveTo: String?
    @Option(help: "Seed for the fault dice.")
    var seed: UInt64 = 0x5EED

    func validate() throws {
        for (name, rate) in [("--error-rate", errorRate), ("--fail-rate", failRate), ("--drop-rate", dropRate), ("--malformed-rate", malformedRate), ("--truncate-rate", truncateRate)] {
            guard (0...1).contains(rate) else { throw ValidationError("\(name) must be between 0 and 1.") }
        }
        guard ["local", "operator", "echo"].contains(engine) else { throw ValidationError("--engine must be local, operator or echo, not '\(engine)'.") }
        if let shift {
            guard Self.offset(shift) != nil else { throw ValidationError("--shift takes two whole numbers of pixels, DX,DY (e.g. 3,-2), not '\(shift)'.") }
            guard engine == "operator" else { throw ValidationError("--shift works with --engine operator only.") }
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        for (name, text) in [("--latency", latency), ("--job-duration", jobDuration), ("--output-ttl", outputTTL)] where Self.duration(text) == nil {
            throw ValidationError("\(name) takes a duration such as 500ms, 2s, 15m or 1h, not '\(text)'.")
        }
    }

    func run() async throws {
        var faults = SandboxFaults()
        faults.latency = Self.duration(latency) ?? .zero
        faults.rateLimitEvery = rateLimitEvery
        faults.retryAfterSeconds = retryAfter
        faults.errorRate = errorRate
        faults.failRate = failRate
        faults.dropRate = dropRate
        faults.malformedRate = malformedRate
        faults.truncateRate = truncateRate
        let configuration = SandboxConfiguration(
            host: host, port: port, apiKey: apiKey, presignToken: presignToken, engine: sandboxEngine, faults: faults,
            credits: credits, outputTTL: Self.duration(outputTTL) ?? .seconds(3600), jobDuration: Self.duration(jobDuration) ?? .zero, seed: seed,
            saveDirectory: saveTo
        )
        let sandbox: RunningSandbox
        do {
            sandbox = try await SandboxServer.start(configuration, handleSignals: true)
        } catch {
            printError("relight sandbox: \(error)")
            throw ExitCode.failure
        }
        printOut("relight sandbox listening on \(sandbox.origin) (engine: \(engine)); stop with Ctrl-C.")
        printOut("""
            Point relight at it (relight.yaml), with \(apiKey == "sandbox-key" ? "PIXELDOJO_API_KEY=sandbox-key" : "PIXELDOJO_API_KEY set to the --api-key") and PRESIGN_TOKEN set to the same value:
              provider: pixeldojo
              pixeldojo:
                base_url: \(sandbox.apiBaseURL)
              upload:
                presign_service:
                  url: \(sandbox.presignURL)
            """)
        try await sandbox.wait()
    }

    var sandboxEngine: any SandboxEngine {
        switch engine {
        case "echo": return EchoEngine()
        case "operator":
            let (dx, dy) = shift.flatMap(Self.offset) ?? (0, 0)
            return OperatorSandboxEngine(shiftX: dx, shiftY: dy)
        default: return LocalSandboxEngine()
        }
    }

    /// `DX,DY` in whole pixels.
    static func offset(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let dx = parts[0], let dy = parts[1], abs(dx) <= 256, abs(dy) <= 256 else { return nil }
        return (dx, dy)
    }

    /// `500ms`, `2s`, `15m`, `1h`, or a bare number of milliseconds.
    static func duration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        // At most about 31 years, as relight.yaml's durations: beyond Int64's milliseconds the conversion traps.
        func milliseconds(_ value: Double) -> Duration? { value >= 0 && value <= 1e12 ? .milliseconds(Int64(value)) : nil }
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).flatMap { milliseconds($0 * scale * 1000) }
        }
        return Double(text).flatMap(milliseconds)
    }
}
