/// Which messages a subscriber keeps: those whose bytes start with one of its prefixes.
///
/// The same rule as nanomsg's NN_SUB_SUBSCRIBE (a byte prefix of the whole message, so a prefix
/// may reach past the topic into the NUL and the payload), applied in Swift now that subscribers
/// use NN_BUS sockets, which deliver everything.
struct TopicFilter: Sendable {
    private let prefixes: [[UInt8]]

    init(prefixes: [String]) {
        self.prefixes = prefixes.map { Array($0.utf8) }
    }

    func matches(_ message: [UInt8]) -> Bool {
        prefixes.contains { prefix in message.count >= prefix.count && message.starts(with: prefix) }
    }
}
