internal import CProto
internal import CProtobufC
import Foundation
import ProtoBridge

/// Every call encodes and decodes one Envelope on each side, so it maps protoc-c's struct by hand
/// (a tenth of the cost of the generic `Codable` path); `EnvelopeWireTests` keeps both in step.
extension Envelope {
    private static let wireType = ProtoRegistry.require(protoName)

    public init(serializedBytes bytes: [UInt8]) throws {
        self = try ProtoWire.unpack(bytes, as: Self.wireType, Platform__Envelope.self) { message in
            Envelope(
                method: ProtoWire.string(message.method),
                requestId: ProtoWire.string(message.request_id),
                principal: message.principal.map { Principal(wire: $0.pointee) },
                deadlineUnixMs: message.deadline_unix_ms,
                idempotencyKey: ProtoWire.string(message.idempotency_key),
                body: ProtoWire.data(message.body)
            )
        }
    }

    public func serializedBytes() throws -> [UInt8] {
        var principalMessage = Platform__Principal()
        return try ProtoWire.encode(Platform__Envelope(), as: Self.wireType) { message, arena in
            message.method = arena.string(method)
            message.request_id = arena.string(requestId)
            message.deadline_unix_ms = deadlineUnixMs
            message.idempotency_key = arena.string(idempotencyKey)
            if let principal { principal.fill(&principalMessage, arena: arena) }
        } pack: { message in
            // The body (up to a 4 MiB upload chunk) is packed from its own storage, not copied first.
            ProtoWire.withBinary(body) { body in
                message.body = body
                guard principal != nil else { return ProtoWire.pack(&message) }
                return withUnsafeMutablePointer(to: &principalMessage) { pointer in
                    message.principal = pointer
                    return ProtoWire.pack(&message)
                }
            }
        }
    }
}

extension Principal {
    static let wireType = ProtoRegistry.require(protoName)

    init(wire message: Platform__Principal) {
        self.init(
            subject: ProtoWire.string(message.subject),
            roles: (0..<message.n_roles).map { ProtoWire.string(message.roles[$0]) },
            storeId: ProtoWire.string(message.store_id),
            displayName: ProtoWire.string(message.display_name)
        )
    }

    /// Fills a generated struct whose strings live in `arena`.
    func fill(_ message: inout Platform__Principal, arena: ProtoWireArena) {
        ProtoWire.initialize(&message, as: Self.wireType)
        message.subject = arena.string(subject)
        message.n_roles = roles.count
        if !roles.isEmpty {
            let list = arena.allocate(UnsafeMutablePointer<CChar>?.self, count: roles.count)
            for (index, role) in roles.enumerated() { list[index] = arena.string(role) }
            message.roles = list
        }
        message.store_id = arena.string(storeId)
        message.display_name = arena.string(displayName)
    }
}
