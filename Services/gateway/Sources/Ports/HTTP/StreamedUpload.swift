import Bus
import Contracts
import Logging

/// What a `StreamedBodyHandler` works with: the backend, the call settings and the limits.
public struct StreamedUpload: Sendable {
    public let backends: Backends
    public let service: String
    public let options: CallOptions
    public let pathParameters: [String: String]
    public let query: [(String, String)]
    /// Largest body accepted (`GATEWAY_UPLOAD_LIMIT_BYTES`); more is 413.
    public let limitBytes: Int
    /// Bytes per chunk message (at most what the service says it accepts).
    public let chunkBytes: Int
    /// The request's `Content-Length`, when it sent one (a chunked body has none).
    public let contentLength: Int?
    public let logger: Logger

    public init(
        backends: Backends,
        service: String,
        options: CallOptions,
        pathParameters: [String: String],
        query: [(String, String)],
        limitBytes: Int,
        chunkBytes: Int,
        contentLength: Int? = nil,
        logger: Logger
    ) {
        self.backends = backends
        self.service = service
        self.options = options
        self.pathParameters = pathParameters
        self.query = query
        self.limitBytes = limitBytes
        self.chunkBytes = chunkBytes
        self.contentLength = contentLength
        self.logger = logger
    }

    /// The 413 of a body over `limitBytes`.
    public var tooLarge: GatewayError {
        GatewayError(.resourceExhausted, "request body too large (limit \(limitBytes) bytes)", httpStatus: .contentTooLarge)
    }

    /// Calls a method of the route's service; a non-OK reply becomes the gateway's error response.
    public func call(_ method: String, body: [UInt8], retries: Int = 0) async throws -> [UInt8] {
        var reply = await backends.call(service, method, body: body, options: options)
        var left = retries
        // Only for methods that are safe to repeat: a lost transport may have delivered the first try.
        while left > 0, reply.status == .unavailable || reply.status == .deadlineExceeded {
            left -= 1
            reply = await backends.call(service, method, body: body, options: options)
        }
        guard reply.status == .ok else { throw GatewayError(reply: reply, call: "\(service).\(method)", logger: logger) }
        return Array(reply.body)
    }
}
