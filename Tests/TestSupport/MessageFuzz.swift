import Bus
import Contracts
import Foundation
import ServiceKit

/// Feeds every method of a running service random bytes and random-but-well-formed protobuf
/// (fields 1–6 with awkward values), seeded so a failing input can be replayed.
public struct MessageFuzz {
    /// Statuses that mean a crash, a hang or an unmapped failure, never an answer to bad input.
    public static let broken: Set<StatusCode> = [.internal, .unknown, .deadlineExceeded, .unavailable, .dataLoss]

    /// One call: the method, the body sent and the reply.
    public struct Call: Sendable {
        public var method: String
        public var body: [UInt8]
        public var reply: Reply
        /// How long the call took.
        public var duration: Duration
    }

    /// Texts the fuzzed fields may carry; tests keep their own data out of these names.
    public var texts: [[UInt8]] = [
        [], Array("tm".utf8), Array("external".utf8), Array("fuzz".utf8), Array("C-000001".utf8), Array("1".utf8),
        Array("codes/fuzz/tm/../../x.csv".utf8), Array("codes/fuzz/tm/f.csv".utf8), Array("not-a-uuid".utf8),
        Array("00000000-0000-0000-0000-000000000000".utf8), Array("2026-13-45T99:00:00Z".utf8),
        Array("2026-01-01T00:00:00Z".utf8), Array("* * * * *".utf8), [0xFF, 0xFE, 0x00],
        Array(String(repeating: "z", count: 300).utf8), [0x08, 0x96, 0x01], Array("{\"a\":".utf8),
    ]
    public var numbers: [UInt64] = [0, 1, 2, 1000, 1001, UInt64(Int32.max) + 1, UInt64.max, UInt64(bitPattern: -5)]
    private var random: SplitMix64

    /// `FUZZ_SEED` in the environment picks another fixed sequence (to explore, or to replay).
    public init(seed: UInt64 = ProcessInfo.processInfo.environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xC0DE_1A7E) {
        random = SplitMix64(seed: seed)
    }

    /// Callers every run also tries: nobody, and a subject that is no id, with every role.
    public static let oddPrincipals = [Principal(), Principal(subject: "not-an-id", roles: ["admin", "supreme", "service", "user"], storeId: "x")]

    /// Calls each of `methods` `rounds` times: a third with 0–48 random bytes, the rest with
    /// fields; as `principal` mostly, and as each of `oddPrincipals` in turn.
    public mutating func run(
        _ methods: [String],
        rounds: Int = Int(ProcessInfo.processInfo.environment["FUZZ_ROUNDS"] ?? "") ?? 60,
        client: RPCClient,
        principal: Principal
    ) async -> [Call] {
        var calls: [Call] = []
        let callers = [principal, principal] + Self.oddPrincipals
        for method in methods {
            for round in 0..<rounds {
                let principal = callers[round % callers.count]
                let body = round % 3 == 0 ? garbage() : oddFields()
                let started = ContinuousClock.now
                let reply = await client.callRaw(method, body: body, options: CallOptions(principal: principal, timeout: .seconds(20)))
                calls.append(Call(method: method, body: body, reply: reply, duration: ContinuousClock.now - started))
            }
        }
        return calls
    }

    /// 0–48 random bytes.
    public mutating func garbage() -> [UInt8] {
        (0..<Int.random(in: 0...48, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// One to four fields numbered 1–6, each a varint or a length-delimited value from the lists.
    public mutating func oddFields() -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let field = UInt64.random(in: 1...6, using: &random)
            if Bool.random(using: &random) {
                Self.varint(field << 3, into: &bytes)
                Self.varint(numbers.randomElement(using: &random)!, into: &bytes)
            } else {
                let text = texts.randomElement(using: &random)!
                Self.varint(field << 3 | 2, into: &bytes)
                Self.varint(UInt64(text.count), into: &bytes)
                bytes += text
            }
        }
        return bytes
    }

    private static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

/// A seeded generator (SplitMix64), so a run can be replayed.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
