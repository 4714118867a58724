import Contracts
import Foundation
import ProtoBridge

/// JSON ↔ protobuf for one route, driven by the message descriptors (no per-route code).
public struct Transcoder: Sendable {
    public let requestType: ProtoType
    public let responseType: ProtoType

    public init(route: RouteSpec) {
        requestType = ProtoRegistry.require(route.requestType)
        responseType = ProtoRegistry.require(route.responseType)
    }

    /// Builds the request message from the JSON body, then path and query parameters (which win).
    public func request(body: [UInt8], pathParameters: [String: String], query: [(String, String)]) throws -> [UInt8] {
        var object = JSONObject()
        if !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            do {
                guard case .object(let parsed) = try JSONValue.parse(body) else {
                    throw GatewayError(.invalidArgument, "request body must be a JSON object")
                }
                object = parsed
            } catch let error as ProtoError {
                throw GatewayError(error)
            }
        }
        var violations: [FieldViolation] = []
        var repeated: [String: [JSONValue]] = [:]
        for (name, text) in query {
            guard let field = requestType.field(named: name) else {
                violations.append(FieldViolation(field: name, description: "unknown query parameter"))
                continue
            }
            if field.isRepeated {
                repeated[field.jsonName, default: []].append(contentsOf: text.split(separator: ",").map { Self.scalar(String($0), field) })
            } else {
                object[field.jsonName] = Self.scalar(text, field)
            }
        }
        for (name, values) in repeated { object[name] = .array(values) }
        for (name, text) in pathParameters {
            guard let field = requestType.field(named: name) else { continue }
            object[field.jsonName] = Self.scalar(text, field)
        }
        if !violations.isEmpty { throw GatewayError(.invalidArgument, "invalid request", violations: violations) }
        do {
            return try ProtoMessage(type: requestType, json: .object(object)).serializedBytes()
        } catch let error as ProtoError {
            throw GatewayError(error)
        }
    }

    /// The reply body as proto3 JSON text.
    public func response(_ body: [UInt8]) throws -> [UInt8] {
        try ProtoMessage(type: responseType, serializedBytes: body).json().serialized()
    }

    /// A query or path value as the JSON its field expects (strings are fine for numbers in proto3 JSON).
    static func scalar(_ text: String, _ field: ProtoField) -> JSONValue {
        switch field.kind {
        case .bool:
            switch text.lowercased() {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: return .string(text)
            }
        case .float, .double, .int32, .sint32, .sfixed32, .uint32, .fixed32:
            return NumberLiteral.isWellFormed(text) ? .number(text) : .string(text)
        default:
            return .string(text)
        }
    }
}
