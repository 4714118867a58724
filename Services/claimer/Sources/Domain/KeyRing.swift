import Crypto
import Foundation

/// The AES-256-GCM keys API keys are sealed with: one current key (new seals) and any previous
/// ones (still opened, so a rotation can re-seal rows at its own pace). Each key has an id stored
/// beside every ciphertext.
public struct KeyRing: Sendable {
    public let currentId: String
    private let keys: [String: SymmetricKey]

    /// Parses `current` and `previous` (comma-separated), each `base64` or `id:base64` of 32 bytes;
    /// without an id, the id is `k` + the first 8 hex digits of the key's SHA-256.
    public init(current: String, previous: String = "") throws(KeyRingError) {
        let (id, key) = try Self.parse(current)
        var keys = [id: key]
        for entry in previous.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let (oldId, oldKey) = try Self.parse(entry)
            if let existing = keys[oldId], existing != oldKey { throw .duplicateId(oldId) }
            keys[oldId] = oldKey
        }
        self.currentId = id
        self.keys = keys
    }

    /// The ring from `CLAIMER_ENCRYPTION_KEY` and `CLAIMER_PREVIOUS_KEYS`.
    public static func fromEnvironment(_ values: [String: String]) throws(KeyRingError) -> KeyRing {
        guard let current = values["CLAIMER_ENCRYPTION_KEY"], !current.isEmpty else { throw .missing }
        return try KeyRing(current: current, previous: values["CLAIMER_PREVIOUS_KEYS"] ?? "")
    }

    /// Seals under the current key: nonce ‖ ciphertext ‖ tag.
    public func seal(_ apiKey: APIKey) throws -> SealedKey {
        guard let key = keys[currentId] else { throw KeyRingError.unknownId(currentId) }
        let box = try AES.GCM.seal(Data(apiKey.reveal().utf8), using: key)
        guard let combined = box.combined else { throw KeyRingError.sealFailed }
        return SealedKey(keyId: currentId, sealed: combined)
    }

    /// Opens a sealed key with the key its id names.
    public func open(_ sealed: SealedKey) throws -> APIKey {
        guard let key = keys[sealed.keyId] else { throw KeyRingError.unknownId(sealed.keyId) }
        let plaintext = try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed.sealed), using: key)
        guard let text = String(data: plaintext, encoding: .utf8) else { throw KeyRingError.notText }
        return APIKey(text)
    }

    /// Whether the ring can open ciphertexts of `keyId`.
    public func knows(_ keyId: String) -> Bool { keys[keyId] != nil }

    /// A new random key as `id:base64` (what `claimer generate-key` prints).
    public static func generate() -> String {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        return "\(identifier(of: bytes)):\(bytes.base64EncodedString())"
    }

    static func parse(_ text: String) throws(KeyRingError) -> (String, SymmetricKey) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let (id, encoded) = parts.count == 2 ? (parts[0], parts[1]) : (nil, parts.first ?? "")
        guard let bytes = Data(base64Encoded: encoded), bytes.count == 32 else { throw .malformed }
        let keyId = id ?? identifier(of: bytes)
        guard !keyId.isEmpty, keyId.count <= 64, keyId.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw .malformed
        }
        return (keyId, SymmetricKey(data: bytes))
    }

    static func identifier(of bytes: Data) -> String {
        "k" + SHA256.hash(data: bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
    }
}

/// An API key sealed under the key `keyId`.
public struct SealedKey: Sendable, Equatable {
    public var keyId: String
    public var sealed: Data

    public init(keyId: String, sealed: Data) {
        self.keyId = keyId
        self.sealed = sealed
    }
}

/// Why a key ring could not be built or used (never carries key material).
public enum KeyRingError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing
    case malformed
    case duplicateId(String)
    case unknownId(String)
    case sealFailed
    case notText

    public var description: String {
        switch self {
        case .missing: return "CLAIMER_ENCRYPTION_KEY is not set (32 bytes, base64, optionally prefixed `id:`; `claimer generate-key` makes one)"
        case .malformed: return "an encryption key is not base64 of 32 bytes (optionally `id:` with letters, digits, - or _)"
        case .duplicateId(let id): return "two different encryption keys share the id \(id)"
        case .unknownId(let id): return "no encryption key with id \(id) is configured (CLAIMER_PREVIOUS_KEYS)"
        case .sealFailed: return "sealing failed"
        case .notText: return "a sealed key is not UTF-8 text"
        }
    }
}
