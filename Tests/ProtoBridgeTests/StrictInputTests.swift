import Foundation
import XCTest

@testable import ProtoBridge

/// What the bridge refuses: strings that C would cut at a NUL, and integers that are not exactly
/// a JSON number.
final class StrictInputTests: XCTestCase {
    private let envelope = ProtoRegistry.require("platform.Envelope")

    private func violations(_ text: String) -> [String] {
        do {
            _ = try ProtoMessage(type: envelope, jsonText: Array(text.utf8))
            return []
        } catch {
            return (error as? ProtoError)?.violations.map(\.field) ?? ["not a ProtoError: \(error)"]
        }
    }

    func test_jsonStringWithNUL_isRefusedWithItsField_atAnyDepth() {
        XCTAssertEqual(violations(#"{"method":"bad\u0000name"}"#), ["method"])
        XCTAssertEqual(violations(#"{"principal":{"roles":["ok","ad\u0000min"]}}"#), ["principal.roles[1]"])
        XCTAssertEqual(violations(#"{"method":"\u0000"}"#), ["method"])
        XCTAssertEqual(violations(#"{"method":"fine \u0001 text"}"#), [])
    }

    func test_wireStringWithNUL_isRefusedWithItsField_notCutShort() throws {
        var message = ProtoMessage(type: envelope)
        message.fields["method"] = .string("Earn")
        message.fields["body"] = .bytes([0, 0, 1, 0])
        let clean = try message.serializedBytes()
        XCTAssertEqual(try ProtoMessage(type: envelope, serializedBytes: clean)["method"], .string("Earn"))
        // Field 2 (method), length 4: "E\0rn" — protobuf-c alone would read "E".
        let methodField = try XCTUnwrap(envelope.field(named: "method")).number
        let tampered: [UInt8] = [UInt8(methodField << 3 | 2), 4, 0x45, 0x00, 0x72, 0x6E]
        XCTAssertThrowsError(try ProtoMessage(type: envelope, serializedBytes: tampered)) { error in
            XCTAssertEqual((error as? ProtoError)?.violations.map(\.field), ["method"])
        }
        // Inside a nested message and a repeated string (built by hand: packing from C would cut it).
        let principalField = try XCTUnwrap(envelope.field(named: "principal"))
        let rolesField = try XCTUnwrap(principalField.messageType?.field(named: "roles")).number
        let inner: [UInt8] = [UInt8(rolesField << 3 | 2), 1, 0x61, UInt8(rolesField << 3 | 2), 3, 0x62, 0x00, 0x63]
        let nested: [UInt8] = [UInt8(principalField.number << 3 | 2), UInt8(inner.count)] + inner
        XCTAssertThrowsError(try ProtoMessage(type: envelope, serializedBytes: nested)) { error in
            XCTAssertEqual((error as? ProtoError)?.violations.map(\.field), ["principal.roles[1]"])
        }
    }

    func test_swiftStringWithNUL_isRefusedWhenPacked_notSentCutShort() throws {
        var message = ProtoMessage(type: envelope)
        message.fields["method"] = .string("E\u{0}rn")
        XCTAssertThrowsError(try message.serializedBytes()) { error in
            XCTAssertEqual((error as? ProtoError)?.kind, .invalidFields)
            XCTAssertEqual((error as? ProtoError)?.violations.map(\.field), ["method"])
        }
        let arena = ProtoWireArena()
        _ = arena.string("clean")
        XCTAssertNoThrow(try arena.refuseNul(in: envelope))
        _ = arena.string("cut\u{0}short")
        XCTAssertThrowsError(try arena.refuseNul(in: envelope)) { error in
            XCTAssertEqual((error as? ProtoError)?.violations.map(\.description), [ProtoError.Violation.nulInString])
        }
    }

    func test_integers_acceptOnlyExactJSONNumbers() {
        for good in ["7", "-7", "0", "-0", "7.0", "1e3", "1E+3", "150e-1", "1.5e1", "9223372036854775807", #""7""#, #""1e3""#] {
            XCTAssertEqual(violations(#"{"deadlineUnixMs":\#(good)}"#), [], good)
        }
        for bad in [
            #""2 (Sofrino)""#, #""9 points""#, #""7x""#, #""+7""#, #""0x7""#, #"" 7""#, #""7 ""#, #""007""#,
            "1.5", "1e-1", #""""#, #""-""#, #""1e""#, #""1.""#, #"".5""#, #""1_000""#, "9223372036854775808", "1e19",
            #""990011055 or 990011056""#, #""Infinity""#, #""NaN""#, "true",
        ] {
            XCTAssertEqual(violations(#"{"deadlineUnixMs":\#(bad)}"#), ["deadlineUnixMs"], bad)
        }
    }

    func test_numberLiteral_readsExactValues() {
        XCTAssertEqual(NumberLiteral.integer("150e-1", as: Int64.self), 15)
        XCTAssertEqual(NumberLiteral.integer("-9223372036854775808", as: Int64.self), .min)
        XCTAssertEqual(NumberLiteral.integer("4294967295", as: UInt32.self), .max)
        XCTAssertNil(NumberLiteral.integer("4294967296", as: UInt32.self))
        XCTAssertNil(NumberLiteral.integer("-1", as: UInt64.self))
        XCTAssertEqual(NumberLiteral.integer("0.000e99999", as: Int32.self), 0)
        XCTAssertNil(NumberLiteral.integer("1e99999", as: Int64.self))
        XCTAssertEqual(NumberLiteral.scaled("12.5", by: 2, as: Int64.self), .value(1250))
        XCTAssertEqual(NumberLiteral.scaled("1.5e3", by: 2, as: Int64.self), .value(150_000))
        XCTAssertEqual(NumberLiteral.scaled("0.001", by: 2, as: Int64.self), .notWhole)
        XCTAssertEqual(NumberLiteral.scaled("1e30", by: 2, as: Int64.self), .outOfRange)
        XCTAssertEqual(NumberLiteral.scaled("12 roubles", by: 2, as: Int64.self), .malformed)
        XCTAssertTrue(NumberLiteral.isWellFormed("-0.5e-3"))
        XCTAssertFalse(NumberLiteral.isWellFormed("0x1p3"))
        XCTAssertFalse(NumberLiteral.isWellFormed("inf"))
    }
}
