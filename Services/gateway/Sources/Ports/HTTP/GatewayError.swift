import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import ProtoBridge

/// An error answered as `{"error":{"code","message","violations"[,"reason"]}}` with the mapped HTTP status.
public struct GatewayError: Error, HTTPResponseError, Sendable {
    public var code: StatusCode
    public var message: String
    public var violations: [FieldViolation]
    /// A machine-readable reason within the code (`DUPLICATE_TRANSACTION`), shown when set.
    public var reason: String
    public var headers: HTTPFields
    /// Set only for failures that happen before any service is involved (e.g. 413 body too large).
    public var httpStatus: HTTPResponse.Status?

    public init(
        _ code: StatusCode,
        _ message: String,
        violations: [FieldViolation] = [],
        reason: String = "",
        headers: HTTPFields = [:],
        httpStatus: HTTPResponse.Status? = nil
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.violations = violations
        self.headers = headers
        self.httpStatus = httpStatus
    }

    public var status: HTTPResponse.Status { httpStatus ?? HTTPStatusMapping.status(for: code, reason: reason) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        // RFC 6750 §3: every 401 says how to authenticate.
        if status == .unauthorized, fields[.wwwAuthenticate] == nil { fields[.wwwAuthenticate] = Self.challenge(error: nil, description: nil) }
        if fields[.retryAfter] == nil, httpStatus == nil, let seconds = HTTPStatusMapping.retryAfterSeconds(for: code) {
            fields[.retryAfter] = String(seconds)
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body())))
    }

    /// The JSON error body.
    public func body() -> [UInt8] {
        let violationList = violations.map { JSONValue.object(JSONObject([("field", .string($0.field)), ("description", .string($0.description))])) }
        var error = JSONObject([("code", .string(code.rawValue)), ("message", .string(message)), ("violations", .array(violationList))])
        if !reason.isEmpty { error["reason"] = .string(reason) }
        return JSONValue.object(JSONObject([("error", .object(error))])).serialized()
    }

    /// A 401 with its `WWW-Authenticate` challenge; `tokenError` (`invalid_token`,
    /// `invalid_request`) when a credential was presented and refused (RFC 6750 §3.1).
    static func unauthenticated(_ message: String, tokenError: String? = nil) -> GatewayError {
        GatewayError(
            .unauthenticated,
            message,
            headers: [.wwwAuthenticate: challenge(error: tokenError, description: tokenError == nil ? nil : message)]
        )
    }

    /// The Bearer challenge; quotes and backslashes cannot appear inside its quoted strings.
    static func challenge(error: String?, description: String?) -> String {
        var challenge = #"Bearer realm="platform""#
        if let error { challenge += #", error="\#(error)""# }
        if let description {
            let safe = description.filter { $0 != "\"" && $0 != "\\" && $0.isASCII && !$0.isNewline }
            challenge += #", error_description="\#(safe)""#
        }
        return challenge
    }

    init(_ error: ProtoError) {
        self.init(
            .invalidArgument,
            error.kind == .malformedJSON ? error.message : "invalid request",
            violations: error.violations.map { FieldViolation(field: $0.field, description: $0.description) }
        )
    }
}
