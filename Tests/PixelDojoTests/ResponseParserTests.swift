@testable import PixelDojo
import Relighting
import Testing

/// Tolerant parsing of the API's answers, and what an error says when the body is not what was documented.
struct ResponseParserTests {
    let parser = ResponseParser(redactor: SecretRedactor(secrets: ["pd_secret_key_123"]))

    @Test func submitAnswerWithUnknownFields() throws {
        let job = try parser.submitted(#"{"jobId":"j1","status":"pending","statusUrl":"https://x/api/v1/jobs/j1","creditCost":2,"creditsRemaining":"98.5","newField":{"a":1}}"#)
        #expect(job == SubmittedJob(jobID: "j1", statusURL: "https://x/api/v1/jobs/j1", creditCost: 2, creditsRemaining: 98.5))
    }

    /// A cost that is not a credit figure is unknown (counted at the profile's estimate), never taken as sent: NaN
    /// broke the journal's write and dropped a charged job, 1e19 trapped the budget's log line and the dashboard.
    @Test(arguments: [#"1e19"#, #"-5"#, #""NaN""#, #""inf""#, #""-inf""#, #"1e300"#])
    func aCreditCostThatIsNotOneIsUnknown(cost: String) throws {
        let job = try parser.submitted(#"{"jobId":"j1","status":"pending","creditCost":"# + cost + #","creditsRemaining":"# + cost + "}")
        #expect(job.creditCost == nil && job.creditsRemaining == nil, "\(cost)")
        #expect(try parser.jobState(#"{"status":"completed","output":{"image":"https://a/1.png"},"creditCost":"# + cost + "}")
            == .completed(outputs: ["https://a/1.png"], creditCost: nil))
        let plain = try parser.submitted(#"{"jobId":"j1","status":"pending","creditCost":2.5}"#)
        #expect(plain.creditCost == 2.5)
    }

    @Test func outputImagesListAndSingleImageAndAssets() throws {
        #expect(try parser.jobState(#"{"status":"completed","output":{"images":["https://a/1.png","https://a/2.png"]}}"#) == .completed(outputs: ["https://a/1.png", "https://a/2.png"], creditCost: nil))
        #expect(try parser.jobState(#"{"status":"completed","output":{"image":"https://a/1.png"},"extra":true}"#) == .completed(outputs: ["https://a/1.png"], creditCost: nil))
        #expect(try parser.jobState(#"{"status":"completed","output":{"images":[{"url":"https://a/1.png"}]}}"#) == .completed(outputs: ["https://a/1.png"], creditCost: nil))
        #expect(try parser.jobState(#"{"status":"completed","assets":[{"url":"https://a/9.webp"}]}"#) == .completed(outputs: ["https://a/9.webp"], creditCost: nil))
        #expect(try parser.jobState(#"{"status":"processing"}"#) == .running(status: "processing"))
        #expect(try parser.jobState(#"{"status":"failed","error":{"message":"NSFW"}}"#) == .failed(reason: "NSFW"))
    }

    @Test func malformedBodiesSayWhatWasReceivedWithoutSecrets() {
        do {
            _ = try parser.submitted("<html>bad gateway pd_secret_key_123 https://x/y?X-Amz-Signature=abc</html>")
            Issue.record("HTML must be refused")
        } catch {
            #expect(error.kind == .malformedResponse)
            #expect(error.message.contains("<html>bad gateway"))
            #expect(!error.message.contains("pd_secret_key_123"))
            #expect(!error.message.contains("X-Amz-Signature=abc"))
        }
        do {
            _ = try parser.jobState(String(repeating: "x", count: 5000))
            Issue.record("garbage must be refused")
        } catch {
            #expect(error.message.count < 400)
            #expect(error.message.contains("5000 bytes"))
        }
        #expect(throws: PixelDojoError.self) { try parser.submitted(#"{"status":"pending"}"#) }
        #expect(throws: PixelDojoError.self) { try parser.jobState(#"{"status":"completed","output":{}}"#) }
        #expect(throws: PixelDojoError.self) { try parser.submitted(#"{"jobId":"j1""#) }
    }
}
