import Foundation
import XCTest

@testable import ProtoBridge

final class ProtoMessageBinaryTests: XCTestCase {
    func test_everyMessageType_roundTripsThroughWireBytes() throws {
        XCTAssertFalse(ProtoRegistry.messageTypes.isEmpty)
        for type in ProtoRegistry.messageTypes.values {
            let original = SampleMessages.sample(type)
            let bytes = try original.serializedBytes()
            let decoded = try ProtoMessage(type: type, serializedBytes: bytes)
            XCTAssertEqual(decoded, original, "\(type.name) did not round-trip")
        }
    }

    func test_emptyMessage_decodesToZeroValues() throws {
        let type = ProtoRegistry.require("platform.Envelope")
        let decoded = try ProtoMessage(type: type, serializedBytes: [])
        XCTAssertEqual(decoded["method"], .string(""))
        XCTAssertEqual(decoded["deadline_unix_ms"], .int(0))
        XCTAssertNil(decoded["principal"])
    }

    func test_garbageBytes_giveAnErrorValue_neverACrash() throws {
        let type = ProtoRegistry.require("platform.Envelope")
        XCTAssertThrowsError(try ProtoMessage(type: type, serializedBytes: [0xFF, 0xFF, 0xFF, 0xFF])) { error in
            XCTAssertEqual((error as? ProtoError)?.kind, .malformedBytes)
        }
        // Truncated valid message: a length prefix pointing past the end.
        XCTAssertThrowsError(try ProtoMessage(type: type, serializedBytes: [0x0A, 0x10, 0x41]))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let count = Int.random(in: 0..<64, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for type in ProtoRegistry.messageTypes.values {
                _ = try? ProtoMessage(type: type, serializedBytes: bytes)
            }
        }
    }

    func test_wrongValueShape_isATypeMismatch() {
        let type = ProtoRegistry.require("platform.Envelope")
        let message = ProtoMessage(type: type, fields: ["method": .int(3)])
        XCTAssertThrowsError(try message.serializedBytes()) { error in
            XCTAssertEqual((error as? ProtoError)?.kind, .typeMismatch)
        }
    }
}
