import Foundation
import Metrics
import Prometheus
import RelightPipeline

/// The Prometheus backend for swift-metrics, bootstrapped once per process, before the first metric is made.
enum MetricsBootstrap {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Stage latencies run from milliseconds (a write) to minutes (a cloud job).
        factory.durationHistogramBuckets[PipelineMetrics.stageLabel] = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(900),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Every metric in Prometheus text format.
    static func text() -> String { registry.emitToString() }

    /// `text` with a `host` label on every sample, so the hosts of a shared journal can be told
    /// apart once their metrics are scraped into one place.
    static func labelled(_ text: String, host: String) -> String {
        let value = host.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let label = "host=\"\(value)\""
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard !line.isEmpty, !line.hasPrefix("#") else { return String(line) }
            if let brace = line.firstIndex(of: "{") {
                let rest = line[line.index(after: brace)...]
                return String(line[...brace]) + label + (rest.hasPrefix("}") ? "" : ",") + rest
            }
            guard let space = line.firstIndex(of: " ") else { return String(line) }
            return String(line[..<space]) + "{\(label)}" + line[space...]
        }.joined(separator: "\n")
    }
}
