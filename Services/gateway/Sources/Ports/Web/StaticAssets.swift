import Foundation

/// The files served under `/static/`, read once from the bundled `Static` folder into memory. A
/// request names a file by its relative path and is answered only from this table, so no path
/// (`..`, an absolute path, an encoded slash) ever reaches the file system.
public struct StaticAssets: Sendable {
    public let files: [String: StaticAsset]

    public init(files: [String: StaticAsset]) {
        self.files = files
    }

    /// Every file of a kind with a content type under `directory`, by its path relative to it.
    public init(directory: URL) {
        var files: [String: StaticAsset] = [:]
        let root = directory.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                let contentType = StaticAsset.contentType(forName: url.lastPathComponent),
                let data = FileManager.default.contents(atPath: url.path)
            else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(root + "/") else { continue }
            files[String(path.dropFirst(root.count + 1))] = StaticAsset(bytes: Array(data), contentType: contentType)
        }
        self.files = files
    }

    /// The bundled files of the gateway's pages.
    public static let bundled = StaticAssets(directory: WebResources.staticDirectory)

    public subscript(path: String) -> StaticAsset? { files[path] }
}
