import Relighting

extension PixelDojoError: ProviderFailure {
    /// How the daemon reacts, as SPEC.md sets out: retry what may pass, fail what cannot,
    /// and pause all submission on 401 and 402 while keeping the work queued.
    public var disposition: FailureDisposition {
        switch kind {
        case .unauthorized:
            .pause(reason: message, retryAfter: .seconds(60))
        case .insufficientCredits:
            .pause(reason: Self.insufficientCreditsAdvice, retryAfter: nil)
        case .missingAPIKey:
            .pause(reason: message, retryAfter: .seconds(60))
        case .rateLimited, .serverError, .network, .malformedResponse, .jobTimedOut, .downloadFailed:
            .retry(after: retryAfter)
        // A failed job is not resubmitted on its own: the service says it refunds one, but a second
        // submission is a second charge if it does not, and a job the model refused (its content, say)
        // fails again. The item fails with the service's reason; `relight retry` submits it anew.
        case .invalidRequest, .modelNotFound, .downloadTooLarge, .notAnImage, .badRedirect, .jobFailed:
            .fail
        }
    }

    public var isOutage: Bool { isTransient }

    /// The job failed, or its outputs are gone (an expired URL) or are no image: resuming it would
    /// fail the same way. Too large an output is not here: raising `max_download_bytes` and
    /// retrying fetches it from the same job.
    public var endsJob: Bool {
        switch kind {
        case .jobFailed, .downloadFailed, .notAnImage: true
        default: false
        }
    }
}

extension PixelDojoError {
    static let insufficientCreditsAdvice =
        "out of credits (402 insufficient_credits); top up the account, relight resumes by itself"

}
