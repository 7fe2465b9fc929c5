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
        case .rateLimited, .serverError, .network, .malformedResponse, .jobTimedOut, .downloadFailed, .jobFailed:
            .retry(after: retryAfter)
        case .invalidRequest, .modelNotFound, .downloadTooLarge, .notAnImage, .badRedirect:
            .fail
        }
    }
}

extension PixelDojoError {
    static let insufficientCreditsAdvice =
        "out of credits (402 insufficient_credits); top up the account, relight resumes by itself"

    /// A failed job is refunded and over: trying again means a new submission.
    public var discardsJob: Bool { kind == .jobFailed }
}
