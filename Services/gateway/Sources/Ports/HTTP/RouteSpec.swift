import Contracts
import HTTPTypes

/// One line of the route table: an HTTP method and path served by one service method.
public struct RouteSpec: Sendable {
    public var method: HTTPRequest.Method
    /// Path with `{name}` parameters, e.g. `/api/customers/{card}`.
    public var path: String
    public var service: String
    public var rpc: String
    /// Proto names of the request and reply messages (e.g. `platform.HealthRequest`).
    public var requestType: String
    public var responseType: String
    public var auth: AuthRule
    public var successStatus: HTTPResponse.Status
    public var summary: String
    /// Deadline of the call; nil means `RPC_TIMEOUT_MS` (long-running methods such as imports set more).
    public var timeout: Duration?
    /// A body of this handler's media type is streamed to the service instead of transcoded as JSON.
    public var streamedBody: (any StreamedBodyHandler)?

    public init(
        _ method: HTTPRequest.Method,
        _ path: String,
        service: String,
        rpc: String,
        request: String,
        response: String,
        auth: AuthRule,
        success: HTTPResponse.Status = .ok,
        timeout: Duration? = nil,
        streamedBody: (any StreamedBodyHandler)? = nil,
        summary: String
    ) {
        self.method = method
        self.path = path
        self.service = service
        self.rpc = rpc
        self.requestType = request
        self.responseType = response
        self.auth = auth
        self.successStatus = success
        self.summary = summary
        self.timeout = timeout
        self.streamedBody = streamedBody
    }

    /// A route to a declared rpc: service, method and message names come from `rpc`.
    public init(
        _ method: HTTPRequest.Method,
        _ path: String,
        rpc: some RPCMethodDescription,
        auth: AuthRule,
        success: HTTPResponse.Status = .ok,
        timeout: Duration? = nil,
        streamedBody: (any StreamedBodyHandler)? = nil,
        summary: String
    ) {
        self.init(
            method,
            path,
            service: rpc.service,
            rpc: rpc.name,
            request: rpc.requestType,
            response: rpc.responseType,
            auth: auth,
            success: success,
            timeout: timeout,
            streamedBody: streamedBody,
            summary: summary
        )
    }

    /// Names of the `{…}` path parameters.
    public var pathParameters: [String] { Self.parameters(in: path) }

    /// Names of the `{…}` parameters of `path`.
    static func parameters(in path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}
