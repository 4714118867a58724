import Foundation

/// `amount.json` in the exchange directory: 1C writes the open receipt's total there.
public struct AmountFile: Sendable {
    public static let name = "amount.json"
    public let url: URL

    public init(directory: URL) { url = directory.appendingPathComponent(Self.name) }

    /// What one read of the file found.
    public enum Reading: Sendable, Equatable {
        /// No file: no receipt is open (not an error).
        case absent
        case amount(Kopecks)
    }

    /// Reads and parses the file; throws `AmountParseError` for bad content, `AmountReadError` when it cannot be read.
    public func read() throws -> Reading {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
            return .absent
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { return .absent }
            throw AmountReadError(path: url.path, underlying: "\(error)")
        }
        return .amount(try AmountParser.parse(data))
    }
}
