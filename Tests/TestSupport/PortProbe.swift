import Foundation

/// One hostile conversation with a listening port: the bytes sent, in order, and how the connection ends.
///
/// `all(seed:overLimitLengths:)` is the fixed set every listening port of ours must survive: broken
/// SP handshakes, a valid handshake as every socket type followed by odd messages, lengths over
/// the receive limit and absurd ones, frames cut short. A port that is not nanomsg (HTTP) gets
/// the same bytes: to it they are garbage too.
public struct PortProbe: Sendable, CustomStringConvertible {
    /// How the connection ends once everything is sent.
    public enum Ending: Sendable {
        /// FIN, then read until the peer closes (bounded): every byte reaches the peer's process.
        case finish
        /// Reset (SO_LINGER 0): the peer sees the connection vanish, possibly mid-message.
        case abort
    }

    public var name: String
    /// Written one after the other; each is one `send`.
    public var chunks: [[UInt8]]
    public var ending: Ending

    public var description: String { name }

    public init(_ name: String, _ chunks: [[UInt8]], ending: Ending = .finish) {
        self.name = name
        self.chunks = chunks
        self.ending = ending
    }

    /// Plays the conversation against 127.0.0.1:`port`. Returns false when the port refused the
    /// connection (whether that is fine is the caller's call: a crashed peer refuses).
    @discardableResult
    public func run(port: Int) -> Bool {
        guard let connection = RawConnection(port: port) else { return false }
        for chunk in chunks where !chunk.isEmpty {
            // The peer may drop us halfway (that is often the point): then there is nothing more to say.
            guard connection.send(chunk) else { break }
        }
        switch ending {
        case .finish: connection.finish()
        case .abort: connection.abort()
        }
        return true
    }

    /// The probe set. `overLimitLengths` are message lengths just over the receive limits of the
    /// ports under test (nanomsg must drop the connection, not allocate); absurd lengths are added.
    public static func all(seed: UInt64, overLimitLengths: [UInt64]) -> [PortProbe] {
        var random = SplitMix64(seed: seed)
        var probes = malformedHandshakes(&random)
        for (name, id) in SPWire.socketTypes {
            probes += asSocketType(name, id, overLimitLengths: overLimitLengths, &random)
        }
        probes += mutations(count: 24, &random)
        return probes
    }

    // MARK: - The set

    private static func malformedHandshakes(_ random: inout SplitMix64) -> [PortProbe] {
        let req = SPWire.handshake(48)
        let message = SPWire.frame(SPWire.request(hops: [0x8000_0001], body: bytes(12, &random)))
        var probes = [
            PortProbe("connect, send nothing", []),
            PortProbe("an HTTP request", [Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)]),
            PortProbe("wrong magic", [SPWire.handshake(48, magic: [0, 0x53, 0x51]), message]),
            PortProbe("magic without its zero byte", [Array("SP".utf8) + [0, 0, 48, 0, 0], message]),
            PortProbe("wrong version", [SPWire.handshake(48, version: 1), message]),
            PortProbe("version 0xFF", [SPWire.handshake(48, version: 0xFF), message]),
            PortProbe("reserved bytes set", [SPWire.handshake(48, reserved: 0xFFFF), message]),
            PortProbe("socket type 0", [SPWire.handshake(0), message]),
            PortProbe("socket type 0xFFFF", [SPWire.handshake(0xFFFF), message]),
            PortProbe("socket type of no protocol (0x0131)", [SPWire.handshake(0x0131), message]),
            PortProbe("a handshake twice", [req, req, message]),
            PortProbe("truncated handshake, then reset", [Array(req.prefix(4))], ending: .abort),
            PortProbe("64 KiB of garbage", [bytes(64 << 10, &random)]),
        ]
        for length in 1..<req.count {
            probes.append(PortProbe("handshake cut after \(length) bytes", [Array(req.prefix(length))]))
        }
        for index in 0..<4 {
            probes.append(PortProbe("garbage #\(index)", [bytes(Int.random(in: 1...64, using: &random), &random)]))
        }
        return probes
    }

    private static func asSocketType(
        _ name: String,
        _ id: UInt16,
        overLimitLengths: [UInt64],
        _ random: inout SplitMix64
    ) -> [PortProbe] {
        let hello = SPWire.handshake(id)
        // Empty messages first: a socket that tolerates only those still has to take them.
        var messages = [SPWire.frame([]), SPWire.frame([]), SPWire.frame([])]
        for _ in 0..<3 { messages.append(SPWire.frame(bytes(Int.random(in: 1...16, using: &random), &random))) }
        messages += [
            SPWire.frame(bytes(Int.random(in: 0...4096, using: &random), &random)),
            SPWire.frame(Array("loyalty.points-earned".utf8) + [0] + bytes(40, &random)),
            SPWire.frame(SPWire.request(hops: [0x8000_0001], body: bytes(20, &random))),
            SPWire.frame(SPWire.request(hops: [7, 9, 0x8000_0003], body: bytes(20, &random))),
            SPWire.frame(SPWire.request(hops: [UInt32](repeating: 5, count: 300), body: [])),
            SPWire.frame(SPWire.request(hops: [UInt32](repeating: 5, count: 300) + [0x8000_0000], body: [1])),
            SPWire.frame([0, 0, 0, 0]),
            SPWire.frame([0xFF, 0xFF, 0xFF, 0xFF]),
        ]
        var probes = [
            PortProbe("\(name) handshake, messages", [hello] + messages),
            PortProbe("\(name) handshake, messages, then reset", [hello] + messages, ending: .abort),
            PortProbe("\(name) handshake, a message cut short", [hello, SPWire.frame(bytes(10, &random), declaredLength: 1000)]),
            PortProbe(
                "\(name) handshake, 4 MiB announced, 1 KiB sent, reset",
                [hello, SPWire.frame(bytes(1024, &random), declaredLength: 4 << 20)],
                ending: .abort
            ),
        ]
        for length in overLimitLengths + [1 << 32, 1 << 63, UInt64.max] {
            probes.append(PortProbe("\(name) handshake, length \(length)", [hello, SPWire.bigEndian(length) + bytes(16, &random)]))
        }
        return probes
    }

    /// Random conversations: a handshake (mostly valid), then frames whose lengths are often lies.
    private static func mutations(count: Int, _ random: inout SplitMix64) -> [PortProbe] {
        (0..<count).map { index in
            let type =
                Int.random(in: 0..<10, using: &random) == 0
                ? UInt16.random(in: 0...UInt16.max, using: &random)
                : SPWire.socketTypes.randomElement(using: &random)!.id
            var chunks = [SPWire.handshake(type)]
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let body = bytes(Int.random(in: 0...256, using: &random), &random)
                let declared: UInt64 =
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: UInt64(Int.random(in: 0...body.count, using: &random))  // shorter: the rest reads as the next length
                    case 1: UInt64(body.count) + UInt64.random(in: 1...1_000_000, using: &random)
                    default: UInt64(body.count)
                    }
                chunks.append(SPWire.frame(body, declaredLength: declared))
            }
            return PortProbe("mutation #\(index) (type \(type))", chunks, ending: Bool.random(using: &random) ? .finish : .abort)
        }
    }

    private static func bytes(_ count: Int, _ random: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }
}
