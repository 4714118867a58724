internal import CProto
internal import CProtobufC
import Foundation
import ProtoBridge

/// Every call answers one Reply, so it maps protoc-c's struct by hand, like `Envelope`.
extension Reply {
    private static let wireType = ProtoRegistry.require(protoName)
    private static let violationType = ProtoRegistry.require(FieldViolation.protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, Platform__Reply.self) { message in
            let number = Int32(bitPattern: UInt32(truncatingIfNeeded: message.status.rawValue))
            guard let status = StatusCode(wireNumber: number) else {
                throw ProtoError(.typeMismatch, "Reply does not mirror platform.Reply: unknown status \(number)")
            }
            let violations = (0..<message.n_violations).compactMap { index in
                message.violations[index].map {
                    FieldViolation(field: ProtoWire.string($0.pointee.field), description: ProtoWire.string($0.pointee.description))
                }
            }
            return Reply(
                status: status,
                message: ProtoWire.string(message.message),
                violations: violations,
                body: ProtoWire.data(message.body),
                reason: ProtoWire.string(message.reason)
            )
        }
    }

    /// `text` with U+0000 shown as U+FFFD. A reply is not refused for a NUL as a request is (its
    /// caller would wait for it until its deadline), but protobuf-c would cut the text short there:
    /// a reason or a violation that quotes input holding one must arrive whole.
    static func whole(_ text: String) -> String {
        text.utf8.contains(0) ? String(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : Character($0) }) : text
    }

    public func serializedBytes() throws -> [UInt8] {
        // Texts are made whole (U+0000 replaced) first: a reply must go out, not be refused.
        try ProtoWire.encode(Platform__Reply(), as: Self.wireType) { message, arena in
            message.status = Platform__Code(rawValue: .init(truncatingIfNeeded: status.wireNumber))
            message.message = arena.string(Self.whole(self.message))
            message.reason = arena.string(Self.whole(reason))
            (message.n_violations, message.violations) = arena.messages(violations, as: Self.violationType) {
                (item: inout Platform__FieldViolation, violation) in
                item.field = arena.string(Self.whole(violation.field))
                item.description = arena.string(Self.whole(violation.description))
            }
        } pack: { message in
            ProtoWire.withBinary(body) { body in
                message.body = body
                return ProtoWire.pack(&message)
            }
        }
    }
}
