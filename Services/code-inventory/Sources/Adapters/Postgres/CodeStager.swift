import Foundation
import Store

/// Stages an upload's codes (COPY into `upload_codes`), where nothing but the upload's own finish
/// reads them: staged codes are not codes yet (not reservable, counted or assignable).
enum CodeStager {
    /// Stages `codes` as values `after + 1`, `after + 2`, … of the upload (file order) inside `tx`.
    static func stage(_ codes: [String], upload: UUID, after: Int64, _ tx: Transaction) async throws {
        guard !codes.isEmpty else { return }
        let id = upload.lowercasedString
        _ = try await tx.copyIn(
            "COPY upload_codes (upload_id, n, code) FROM STDIN",
            rows: codes.enumerated().lazy.map { [id, String(after + Int64($0.offset) + 1), $0.element] }
        )
    }

    /// Deletes what an upload staged (after its finish published it, or when it is aborted).
    static func discard(upload: UUID, _ tx: Transaction) async throws {
        try await tx.execute("DELETE FROM upload_codes WHERE upload_id = \(upload)")
    }
}
