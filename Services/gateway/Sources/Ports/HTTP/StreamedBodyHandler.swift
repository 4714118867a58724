import Hummingbird

/// Takes a route's request body of one non-JSON media type and streams it to the service in
/// chunks (a bus message is bounded, the body is not); returns the reply body, a message of the
/// route's response type, which the gateway answers as JSON like any other route.
public protocol StreamedBodyHandler: Sendable {
    /// The media type it takes, lower-case without parameters (`text/csv`).
    var mediaType: String { get }

    func handle(_ body: RequestBody, _ upload: StreamedUpload) async throws -> [UInt8]
}
