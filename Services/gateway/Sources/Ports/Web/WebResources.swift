import Foundation

/// Where the pages' bundled resources are: Mustache templates and static files.
enum WebResources {
    static var templatesDirectory: URL { folder("Templates") }
    static var staticDirectory: URL { folder("Static") }

    private static func folder(_ name: String) -> URL {
        Bundle.module.url(forResource: name, withExtension: nil) ?? Bundle.module.bundleURL.appendingPathComponent(name)
    }
}
