import Foundation
import Hummingbird
import NIOCore
import RelightConfig

/// Builders for the sandbox's answers: JSON bodies, the documented error body, and broken ones on purpose.
enum SandboxResponses {
    struct Dropped: Error {}

    static func json(_ value: [String: JSONValue], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"error": {"code": "...", "message": "..."}}`, as the API documents.
    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) -> Response {
        json(["error": .object(["code": .string(code), "message": .string(message)])], status: status, headers: headers)
    }

    static func bytes(_ bytes: [UInt8], contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Sends the head, then `prefix` of a body that claims to be longer, then closes the connection.
    static func cutOff(after prefix: String, claimedLength: Int = 512) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json", .contentLength: String(claimedLength)],
            body: ResponseBody(contentLength: claimedLength) { writer in
                if !prefix.isEmpty { try await writer.write(ByteBuffer(string: prefix)) }
                throw Dropped()
            }
        )
    }

    /// A proxy's HTML error page with status 200: not the JSON the client expects.
    static func malformed() -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "<html><head><title>502 Bad Gateway</title></head><body>upstream hiccup</body></html>"))
        )
    }
}
