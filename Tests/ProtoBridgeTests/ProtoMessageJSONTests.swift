import Foundation
import XCTest

@testable import ProtoBridge

final class ProtoMessageJSONTests: XCTestCase {
    private let envelope = ProtoRegistry.require("platform.Envelope")

    func test_everyMessageType_roundTripsThroughJSON() throws {
        for type in ProtoRegistry.messageTypes.values {
            let original = SampleMessages.sample(type)
            let text = original.json().serialized()
            let decoded = try ProtoMessage(type: type, jsonText: text)
            XCTAssertEqual(decoded, original, "\(type.name) did not round-trip through JSON: \(String(decoding: text, as: UTF8.self))")
        }
    }

    func test_json_usesLowerCamelCaseNames_int64AsString_enumNames() throws {
        let reply = ProtoRegistry.require("platform.Reply")
        let message = ProtoMessage(type: reply, fields: ["status": .enumeration(5), "message": .string("x")])
        let json = message.json()
        guard case .object(let object) = json else { return XCTFail() }
        XCTAssertEqual(object["status"], .string("NOT_FOUND"))
        let env = ProtoMessage(type: envelope, fields: ["deadline_unix_ms": .int(1_700_000_000_000), "request_id": .string("a")])
        guard case .object(let e) = env.json() else { return XCTFail() }
        XCTAssertEqual(e["deadlineUnixMs"], .string("1700000000000"))
        XCTAssertEqual(e["requestId"], .string("a"))
    }

    func test_int64_acceptedAsNumberOrString() throws {
        let a = try ProtoMessage(type: envelope, jsonText: Array(#"{"deadlineUnixMs": 9007199254740993}"#.utf8))
        let b = try ProtoMessage(type: envelope, jsonText: Array(#"{"deadlineUnixMs": "9007199254740993"}"#.utf8))
        XCTAssertEqual(a["deadline_unix_ms"], .int(9_007_199_254_740_993))
        XCTAssertEqual(a, b)
        let c = try ProtoMessage(type: envelope, jsonText: Array(#"{"deadline_unix_ms": 1e3}"#.utf8))
        XCTAssertEqual(c["deadline_unix_ms"], .int(1000))
    }

    func test_badFields_areReportedAsViolations_withPaths() {
        let text = #"{"method": true, "nope": 1, "principal": {"roles": "admin"}, "deadlineUnixMs": 1.5, "body": "%%%"}"#
        XCTAssertThrowsError(try ProtoMessage(type: envelope, jsonText: Array(text.utf8))) { error in
            let violations = (error as? ProtoError)?.violations.map(\.field).sorted() ?? []
            XCTAssertEqual(violations, ["body", "deadlineUnixMs", "method", "nope", "principal.roles"])
        }
    }

    func test_bytes_acceptStandardOrURLSafeBase64_withOrWithoutPadding() throws {
        for text in ["+/8A", "-_8A", "+/8=", "-_8"] {
            let message = try ProtoMessage(type: envelope, jsonText: Array(#"{"body": "\#(text)"}"#.utf8))
            XCTAssertEqual(message["body"], .bytes(text.count == 4 && text.hasSuffix("A") ? [0xFB, 0xFF, 0x00] : [0xFB, 0xFF]), text)
        }
        XCTAssertThrowsError(try ProtoMessage(type: envelope, jsonText: Array(#"{"body": "a"}"#.utf8)), "one character is no base64")
    }

    func test_stringField_acceptsANumber_keepingItsLiteralText() throws {
        // Money arrives as decimal text; a JSON number must not pass through a Double on the way.
        let message = try ProtoMessage(type: envelope, jsonText: Array(#"{"method": 1234.50, "requestId": 0.1}"#.utf8))
        XCTAssertEqual(message["method"], .string("1234.50"))
        XCTAssertEqual(message["request_id"], .string("0.1"))
    }

    func test_enum_acceptsNameOrNumber_rejectsUnknownName() throws {
        let reply = ProtoRegistry.require("platform.Reply")
        XCTAssertEqual(try ProtoMessage(type: reply, jsonText: Array(#"{"status":"ABORTED"}"#.utf8))["status"], .enumeration(10))
        XCTAssertEqual(try ProtoMessage(type: reply, jsonText: Array(#"{"status":10}"#.utf8))["status"], .enumeration(10))
        XCTAssertThrowsError(try ProtoMessage(type: reply, jsonText: Array(#"{"status":"NOPE"}"#.utf8)))
    }

    func test_malformedJSON_isAnErrorValue() {
        for text in ["", "{", #"{"a":}"#, "[1,2", #"{"method":"x"} trailing"#, String(repeating: "[", count: 10_000)] {
            XCTAssertThrowsError(try ProtoMessage(type: envelope, jsonText: Array(text.utf8)), text)
        }
    }

    func test_jsonParser_handlesEscapesAndUnicode() throws {
        let value = try JSONValue.parse(#"{"s":"a\"b\\c\n\u00e9\ud83d\ude00/"}"#)
        XCTAssertEqual(value, .object(JSONObject([("s", .string("a\"b\\c\né😀/"))])))
        let again = try JSONValue.parse(value.serialized())
        XCTAssertEqual(again, value)
    }
}
