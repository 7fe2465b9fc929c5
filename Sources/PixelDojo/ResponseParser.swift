import Foundation
import RelightConfig
import Relighting

/// Tolerant reading of the API's JSON: unknown fields are ignored, and known variations are accepted
/// (`output.images` or `output.image`, `jobId` or `id`, numbers written as strings).
struct ResponseParser: Sendable {
    let redactor: SecretRedactor

    func json(_ body: String, what: String) throws(PixelDojoError) -> [String: JSONValue] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)), case .object(let object) = value else {
            throw PixelDojoError(.malformedResponse, "The cloud API answered \(what) with something that is not a JSON object: \(redactor.scrubbedExcerpt(body)).")
        }
        return object
    }

    func submitted(_ body: String) throws(PixelDojoError) -> SubmittedJob {
        let object = try json(body, what: "the submit")
        guard let jobID = Self.string(object["jobId"] ?? object["job_id"] ?? object["id"]), !jobID.isEmpty else {
            throw PixelDojoError(.malformedResponse, "The cloud API answered the submit without a jobId: \(redactor.scrubbedExcerpt(body)).")
        }
        return SubmittedJob(
            jobID: jobID,
            statusURL: Self.string(object["statusUrl"] ?? object["status_url"]),
            creditCost: Self.credits(object["creditCost"] ?? object["credit_cost"]),
            creditsRemaining: Self.credits(object["creditsRemaining"] ?? object["credits_remaining"])
        )
    }

    func jobState(_ body: String) throws(PixelDojoError) -> JobState {
        let object = try json(body, what: "a status poll")
        guard let status = Self.string(object["status"])?.lowercased() else {
            throw PixelDojoError(.malformedResponse, "The cloud API answered a status poll without a status: \(redactor.scrubbedExcerpt(body)).")
        }
        switch status {
        case "completed", "complete", "succeeded", "success", "done":
            let outputs = Self.outputURLs(object)
            guard !outputs.isEmpty else {
                throw PixelDojoError(.malformedResponse, "The cloud API says the job completed but lists no output image: \(redactor.scrubbedExcerpt(body)).")
            }
            return .completed(outputs: outputs, creditCost: Self.credits(object["creditCost"]))
        case "failed", "error", "cancelled", "canceled":
            return .failed(reason: redactor.scrub(Self.errorText(object["error"]) ?? "the service gave no reason"))
        default:
            return .running(status: status)
        }
    }

    /// `output.images` (strings or `{url}` objects), `output.image`, `output` itself, or the SDK's `assets[].url`.
    static func outputURLs(_ object: [String: JSONValue]) -> [String] {
        var urls: [String] = []
        func collect(_ value: JSONValue?) {
            switch value {
            case .string(let url)?: urls.append(url)
            case .array(let items)?: items.forEach { collect($0) }
            case .object(let item)?: collect(item["url"])
            default: break
            }
        }
        switch object["output"] {
        case .object(let output)?:
            collect(output["images"])
            if urls.isEmpty { collect(output["image"]) }
            if urls.isEmpty { collect(output["url"]) }
        case let other?:
            collect(other)
        case nil:
            break
        }
        if urls.isEmpty { collect(object["assets"]) }
        return urls
    }

    /// The error body `{"error": {"code", "message"}}`, also `{"error": "text"}` and `{"message": "text"}`.
    func apiError(_ body: String) -> (code: String?, message: String?) {
        guard let object = try? json(body, what: "") else { return (nil, nil) }
        switch object["error"] {
        case .object(let error)?:
            return (Self.string(error["code"]), Self.string(error["message"]))
        case .string(let text)?:
            return (nil, text)
        default:
            return (Self.string(object["code"]), Self.string(object["message"]))
        }
    }

    static func errorText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .object(let object)?: return string(object["message"]) ?? string(object["code"])
        default: return nil
        }
    }

    static func string(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        default: return nil
        }
    }

    /// A credit figure, or nil (unknown) when it is not one: negative, not finite ("NaN", "inf") or beyond any
    /// plausible balance. An unknown cost is counted at the profile's estimate; taken as sent, such a value broke
    /// the journal's write (NaN: a charged job was dropped), the budget (negative) or the formatting (1e19 trapped).
    static func credits(_ value: JSONValue?) -> Double? {
        guard let number = number(value), number.isFinite, number >= 0, number <= 1e12 else { return nil }
        return number
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let number)?: return Double(number)
        case .double(let number)?: return number
        case .string(let text)?: return Double(text)
        default: return nil
        }
    }
}
