import Foundation
import NIOHTTP1
import RelightConfig
import Relighting

extension PixelDojoClient {
    /// The typed error for a non-2xx answer, with the server's own words (secrets removed).
    func apiError(status: HTTPResponseStatus, headers: HTTPHeaders, body: String, what: String) -> PixelDojoError {
        let (code, serverMessage) = parser.apiError(body)
        // The server's sentence goes inside ours: without its full stop, so ours does not end "..".
        let said = serverMessage.map { ": " + redactor.scrub(String($0.prefix(300))).trimmingCharacters(in: CharacterSet(charactersIn: ". ")) }
            ?? (code == nil ? " (body: \(redactor.scrubbedExcerpt(body)))" : "")
        let label = "HTTP \(status.code)\(code.map { " \($0)" } ?? "")"
        let number = Int(status.code)
        switch (status.code, code) {
        case (402, _), (403, "insufficient_credits"):
            return PixelDojoError(.insufficientCredits, "The cloud account is out of credits (\(label))\(said). Submission pauses until credits return; queued work is kept.", status: number)
        case (401, _), (403, _):
            return PixelDojoError(.unauthorized, "The cloud API refused the API key (\(label))\(said). Submission is held and the queued work kept; \(keys.refusalAdvice).", status: number)
        case (400, _), (422, _):
            return PixelDojoError(.invalidRequest, "The cloud API refused the \(what) as invalid (\(label))\(said). Check the profile's parameters.", status: number)
        case (404, _) where what == "status poll":
            return PixelDojoError(.jobFailed, "The cloud API does not know this job (\(label))\(said).", status: number)
        case (404, _):
            return PixelDojoError(.modelNotFound, "The cloud API does not offer the model (\(label))\(said). Check pixeldojo.base_url and model_type.", status: number)
        case (429, _):
            return PixelDojoError(.rateLimited, "The cloud API is rate limiting (\(label))\(said). Retrying later; consider lowering pixeldojo.requests_per_minute.", status: number, retryAfter: Self.retryAfter(headers))
        case (500..., _):
            return PixelDojoError(.serverError, "The cloud API had an internal error (\(label))\(said). It will be retried.", status: number, retryAfter: Self.retryAfter(headers))
        default:
            return PixelDojoError(.invalidRequest, "The cloud API answered the \(what) with \(label)\(said).", status: number)
        }
    }

    /// `Retry-After` in seconds (the HTTP-date form is rare for APIs and treated as absent).
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let value = headers.first(name: "Retry-After")?.trimmingCharacters(in: .whitespaces), let seconds = Double(value), seconds >= 0 else {
            return nil
        }
        return .milliseconds(Int64(min(seconds, 3600) * 1000))
    }
}
