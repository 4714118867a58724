/// Runs `body` with `resource` and then `stop`s it, whether `body` returned or threw: the scoped
/// form of start … stop, which a thrown error cannot skip (a `defer` cannot await).
@discardableResult
public func withStarted<Resource, Result>(
    _ resource: Resource,
    stop: (Resource) async -> Void,
    _ body: (Resource) async throws -> Result
) async throws -> Result {
    let result: Result
    do {
        result = try await body(resource)
    } catch {
        await stop(resource)
        throw error
    }
    await stop(resource)
    return result
}
