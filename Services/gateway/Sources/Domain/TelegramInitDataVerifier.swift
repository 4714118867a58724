import Crypto
import Foundation

/// Verifies Telegram WebApp `initData` the way Telegram specifies it: the data-check string
/// (every field but `hash`, sorted, `key=value` joined by newlines) signed with HMAC-SHA256 under
/// the key HMAC-SHA256("WebAppData", bot token), and `auth_date` not older than `maxAge`.
public struct TelegramInitDataVerifier: Sendable {
    private let secretKey: SymmetricKey
    public let maxAge: TimeInterval

    public init(botToken: String, maxAge: TimeInterval = 86_400) {
        let secret = HMAC<SHA256>.authenticationCode(for: Data(botToken.utf8), using: SymmetricKey(data: Data("WebAppData".utf8)))
        self.secretKey = SymmetricKey(data: Data(secret))
        self.maxAge = maxAge
    }

    /// How far ahead of our clock an auth_date may be (clock skew), in seconds.
    static let futureTolerance: TimeInterval = 300

    /// The user of a genuine, fresh initData; a `GatewayError` (401) naming what is wrong otherwise.
    public func verify(_ initData: String, now: Date = Date()) throws -> TelegramUser {
        let fields = Self.fields(initData)
        guard let hash = fields["hash"], let expected = Self.hexBytes(hash) else {
            throw GatewayError(.unauthenticated, "Telegram initData has no hash")
        }
        let check = fields.filter { $0.key != "hash" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        guard HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: Data(check.utf8), using: secretKey) else {
            throw GatewayError(.unauthenticated, "Telegram initData signature is invalid")
        }
        guard let authDate = fields["auth_date"].flatMap(TimeInterval.init) else {
            throw GatewayError(.unauthenticated, "Telegram initData has no auth_date")
        }
        // A little tolerance for clocks ahead of ours; old data could be a replay.
        guard authDate - now.timeIntervalSince1970 <= Self.futureTolerance else {
            throw GatewayError(
                .unauthenticated,
                "Telegram initData is dated in the future (auth_date is more than "
                    + "\(Int(Self.futureTolerance)) s ahead of the server's clock)"
            )
        }
        guard now.timeIntervalSince1970 - authDate <= maxAge else {
            throw GatewayError(.unauthenticated, "Telegram initData is older than \(Int(maxAge / 3600)) h; reopen the app")
        }
        guard let userJSON = fields["user"], let user = try? JSONDecoder().decode(TelegramUser.self, from: Data(userJSON.utf8)), user.id > 0 else {
            throw GatewayError(.unauthenticated, "Telegram initData has no user")
        }
        return user
    }

    /// Signs fields as Telegram would (tests and local tools): the initData query string.
    public func sign(_ fields: [String: String]) -> String {
        let check = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        let mac = HMAC<SHA256>.authenticationCode(for: Data(check.utf8), using: secretKey)
        var all = fields
        all["hash"] = Data(mac).map { String(format: "%02x", $0) }.joined()
        return all.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    /// `a=1&b=x%20y` → decoded fields (`+` is a space, as browsers encode it).
    static func fields(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let key = decode(String(parts[0]))
            result[key] = decode(String(parts[1]))
        }
        return result
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func hexBytes(_ hex: String) -> Data? {
        guard hex.count == 64 else { return nil }
        var bytes = Data(capacity: 32)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
