import Crypto
import Foundation

/// Signs the sandbox's own object and output URLs: method, name and expiry under a per-run secret.
struct URLSigner: Sendable {
    /// A fresh random secret per run; kept as bytes because `SymmetricKey` is not `Sendable`.
    private let secret: [UInt8] = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }

    func signature(method: String, name: String, issued: Int, expires: Int) -> String {
        let message = Data("\(method)\n\(name)\n\(issued)\n\(expires)".utf8)
        return HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret)).map { String(format: "%02x", $0) }.joined()
    }

    /// `…?issued=…&expires=…&sig=…`
    func query(method: String, name: String, lifetime: Duration, now: Date = Date()) -> String {
        let issued = Int(now.timeIntervalSince1970)
        let expires = issued + max(1, Int(lifetime.components.seconds))
        return "issued=\(issued)&expires=\(expires)&sig=\(signature(method: method, name: name, issued: issued, expires: expires))"
    }

    enum Verdict: Equatable { case valid, badSignature, expired }

    func verify(method: String, name: String, issued: String?, expires: String?, sig: String?, revokedBefore: Int, now: Date = Date()) -> Verdict {
        guard let issued = issued.flatMap({ Int($0) }), let expires = expires.flatMap({ Int($0) }), let sig,
            signature(method: method, name: name, issued: issued, expires: expires) == sig
        else { return .badSignature }
        if Int(now.timeIntervalSince1970) > expires || issued < revokedBefore { return .expired }
        return .valid
    }
}
