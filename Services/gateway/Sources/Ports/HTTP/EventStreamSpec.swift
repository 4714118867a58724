/// A hand-written Server-Sent Events route as the OpenAPI document shows it: its path and the
/// messages its events carry, by topic (`x-event-payloads` of the `text/event-stream` answer).
public struct EventStreamSpec: Sendable {
    public var path: String
    public var summary: String
    /// Topic → proto message name of its `data:`.
    public var payloads: [(topic: String, type: String)]

    public init(path: String, summary: String, payloads: [(topic: String, type: String)]) {
        self.path = path
        self.summary = summary
        self.payloads = payloads
    }
}
