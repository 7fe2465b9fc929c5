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
}
