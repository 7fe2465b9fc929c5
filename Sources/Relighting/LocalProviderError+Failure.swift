import ImageCodecs

extension LocalProviderError: ProviderFailure {
    /// A corrupt, unsupported or oversized image fails at once: retrying cannot change its bytes.
    /// A truncated one may still be arriving, so it is tried again a little later.
    public var disposition: FailureDisposition {
        switch cause?.code {
        case .truncated: .retry(after: .seconds(10))
        case .corrupt, .unsupported, .tooLarge: .fail
        case .encodeFailed, nil: .retry(after: nil)
        }
    }
}
