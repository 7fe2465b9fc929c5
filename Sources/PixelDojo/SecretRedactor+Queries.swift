import PresignedUpload
import Relighting

extension SecretRedactor {
    /// `text` with the whole query string of every URL dropped, then every known secret masked.
    ///
    /// The cloud API's answers can quote signed URLs whose parameter names nobody can list in
    /// advance, so for them the query goes altogether (``PresignedURL/scrubQueries(_:)``).
    func scrub(_ text: String) -> String {
        redact(PresignedURL.scrubQueries(text))
    }

    /// ``excerpt(_:limit:)`` of `body` with URL queries dropped first.
    func scrubbedExcerpt(_ body: String, limit: Int = 200) -> String {
        excerpt(PresignedURL.scrubQueries(body), limit: limit)
    }
}
