/// How the pipeline should react to an error from a provider or a codec.
public enum FailureDisposition: Sendable, Equatable {
    /// Transient (network, 429, 5xx): try again after a backoff, or after the delay the provider asked for.
    case retry(after: Duration?)
    /// Retrying cannot help (a corrupt image, a rejected request): mark the item failed.
    case fail
    /// The provider takes no work for now (401, 402): keep the item queued and pause submission.
    case pause(reason: String, retryAfter: Duration?)
}

/// An error that knows how the pipeline should react to it. Errors that do not conform are retried
/// with backoff until the attempts run out.
public protocol ProviderFailure: Error, CustomStringConvertible {
    var disposition: FailureDisposition { get }
    /// The service or the network cannot be reached for now (no connection, 5xx, 429). A job that
    /// was submitted, and paid for, waits this out however long it lasts instead of using up its
    /// attempts: failing it would leave `relight retry` only a second submission.
    var isOutage: Bool { get }
    /// The submitted job can deliver nothing more (it failed, or its result is gone or unusable):
    /// a retry has to submit anew. Any other failure of a submitted job is resumed by its id.
    var endsJob: Bool { get }
}

extension ProviderFailure {
    public var isOutage: Bool { false }
    public var endsJob: Bool { false }
}
