/// A parsed JSON document. Numbers keep their literal text so int64 values stay exact.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written (`12`, `-3.5e2`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func integer<T: BinaryInteger>(_ value: T) -> JSONValue { .number(String(value)) }
}

/// A JSON object that keeps its keys in insertion order.
///
/// The pairs live in one array, looked up by a linear scan while the object is small (a message's
/// fields, a request body): cheaper than hashing every key twice per insert, which was a third of
/// turning a reply into JSON in the gateway. From `indexedCount` keys on, a key → position index
/// keeps big objects (maps, imported documents) linear to build.
public struct JSONObject: Sendable, Equatable, Sequence {
    /// Above this many keys, lookups go through `index`.
    static let indexedCount = 16

    private var pairs: [(key: String, value: JSONValue)] = []
    private var index: [String: Int]?

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        self.pairs.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys in insertion order.
    public var keys: [String] { pairs.map(\.key) }

    public subscript(_ key: String) -> JSONValue? {
        get { position(of: key).map { pairs[$0].value } }
        set {
            switch (position(of: key), newValue) {
            case (let at?, let value?):
                pairs[at].value = value
            case (let at?, nil):
                pairs.remove(at: at)
                rebuildIndex()
            case (nil, let value?):
                pairs.append((key, value))
                if index != nil {
                    index?[key] = pairs.count - 1
                } else if pairs.count > Self.indexedCount {
                    rebuildIndex()
                }
            case (nil, nil):
                break
            }
        }
    }

    public var count: Int { pairs.count }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        pairs.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.pairs.count == rhs.pairs.count && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return pairs.firstIndex { $0.key == key }
    }

    private mutating func rebuildIndex() {
        guard pairs.count > Self.indexedCount else {
            index = nil
            return
        }
        var positions = [String: Int](minimumCapacity: pairs.count)
        for (at, pair) in pairs.enumerated() { positions[pair.key] = at }
        index = positions
    }
}
