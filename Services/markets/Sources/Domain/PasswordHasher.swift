import Crypto
import CryptoExtras
import Foundation

/// PBKDF2-SHA256 password hashes, stored as `pbkdf2-sha256$<rounds>$<salt>$<hash>` (base64), so
/// the rounds can be raised later without invalidating existing hashes.
public struct PasswordHasher: Sendable {
    public let rounds: Int

    public init(rounds: Int) {
        self.rounds = rounds
    }

    public func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let key = try Self.derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(salt.base64EncodedString())$\(key.base64EncodedString())"
    }

    /// Whether `password` matches `stored` (constant-time comparison of the derived keys).
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds > 0,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            let derived = try? Self.derive(password, salt: salt, rounds: rounds)
        else { return false }
        guard derived.count == expected.count else { return false }
        return zip(derived, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Spends the same time as a real check, so an unknown email cannot be told from a wrong password.
    public func burn(_ password: String) {
        _ = try? Self.derive(password, salt: Data(count: 16), rounds: rounds)
    }

    private static func derive(_ password: String, salt: Data, rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Data(password.utf8),
            salt: salt,
            using: .sha256,
            outputByteCount: 32,
            unsafeUncheckedRounds: rounds
        )
        return key.withUnsafeBytes { Data($0) }
    }
}
