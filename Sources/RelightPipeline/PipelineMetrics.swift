import CoreMetrics
import Foundation

/// The daemon's metrics, made through swift-metrics' factories: the executable bootstraps the backend
/// (Prometheus, served on `/metrics`); in the libraries and their tests they go nowhere.
///
/// The handles are created on first use, so the backend must be bootstrapped before the first file arrives.
public enum PipelineMetrics {
    public static let detected = Counter(label: "relight_files_detected_total")
    public static let queued = Counter(label: "relight_items_queued_total")
    public static let done = Counter(label: "relight_items_done_total")
    public static let failed = Counter(label: "relight_items_failed_total")
    public static let retriedAutomatically = Counter(label: "relight_items_retried_total", dimensions: [("by", "backoff")])
    public static let retriedByHand = Counter(label: "relight_items_retried_total", dimensions: [("by", "operator")])
    public static let credits = FloatingPointCounter(label: "relight_credits_spent_total")
    /// Set when `/metrics` is read, from the pipeline's snapshot.
    public static let inFlight = Gauge(label: "relight_items_in_flight")
    public static let waiting = Gauge(label: "relight_items_waiting")

    /// The name every stage histogram shares; `stage` tells them apart.
    public static let stageLabel = "relight_stage_duration_seconds"

    /// The steps an item goes through, each with its latency histogram.
    public enum Stage: String, CaseIterable, Sendable {
        /// From the file's last write to the watcher calling it complete.
        case settle
        /// From the item starting to the provider accepting the job (cloud only).
        case upload
        /// From queued to started.
        case queueWait = "queue_wait"
        /// The provider's whole turn: upload, processing, download.
        case provider
        /// Writing outputs and the sidecar.
        case write
    }

    private static let timers: [Stage: CoreMetrics.Timer] = Dictionary(
        uniqueKeysWithValues: Stage.allCases.map { ($0, CoreMetrics.Timer(label: stageLabel, dimensions: [("stage", $0.rawValue)])) })

    /// A complete file arrived from the watcher.
    public static func fileDetected() { detected.increment() }

    /// An item was queued.
    public static func itemQueued() { queued.increment() }

    /// Failed items an operator put back in the queue.
    public static func retriedByOperator(_ count: Int) { retriedByHand.increment(by: count) }

    /// The pipeline's live numbers, set when `/metrics` is read.
    public static func snapshot(waiting count: Int, inFlight running: Int) {
        waiting.record(count)
        inFlight.record(running)
    }

    /// Makes every handle now, so `/metrics` lists them all (at zero) from the start.
    public static func prepare() {
        _ = (detected, queued, done, failed, retriedAutomatically, retriedByHand, credits, inFlight, waiting, timers)
    }

    public static func record(_ stage: Stage, seconds: Double) {
        guard seconds.isFinite, seconds >= 0 else { return }
        timers[stage]?.recordNanoseconds(Int64(min(seconds, 1e9) * 1e9))
    }

    public static func record(_ stage: Stage, from start: Date?, to end: Date?) {
        guard let start, let end else { return }
        record(stage, seconds: end.timeIntervalSince(start))
    }

    /// Counts one finished run of an item.
    public static func record(_ outcome: ItemOutcome) {
        switch outcome {
        case .done(let item):
            done.increment()
            if item.credits > 0 { credits.increment(by: item.credits) }
            record(.queueWait, from: item.queuedAt, to: item.startedAt)
            if item.submittedAt != nil { record(.upload, from: item.startedAt, to: item.submittedAt) }
        case .failed:
            failed.increment()
        case .retryLater(_, let after) where after > .zero, .blocked(_, _, let after) where after > .zero:
            retriedAutomatically.increment()
        case .retryLater, .blocked, .paused:
            break
        }
    }
}
