import CodeInventory
import Contracts
import Foundation
import XCTest

/// The object store serves its own regular files only: no symlink leads out of it, and a folder
/// or a device is not an object.
final class ObjectStoreEscapeTests: XCTestCase {
    private func importing(_ service: CodeInventoryHarness, _ campaign: String, _ key: String) async throws -> Reply {
        try await service.reply("ImportCodesFromObject", ImportCodesFromObjectRequest(campaignId: campaign, fileKey: key))
    }

    func test_symlinkedFileOrFolderLeadingOutside_isNotFound_andImportsNothing() async throws {
        try await withCodeInventory { service in
            let fm = FileManager.default
            let outside = fm.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString)")
            try fm.createDirectory(at: outside.appendingPathComponent("tm"), withIntermediateDirectories: true)
            try Data("SECRET-1\nSECRET-2\n".utf8).write(to: outside.appendingPathComponent("tm/secrets.csv"))
            defer { try? fm.removeItem(at: outside) }

            let folder = service.objectDirectory.appendingPathComponent("codes/esc/tm")
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            try fm.createSymbolicLink(atPath: folder.appendingPathComponent("passwd.csv").path, withDestinationPath: "/etc/passwd")
            try fm.createSymbolicLink(
                atPath: folder.appendingPathComponent("secrets.csv").path,
                withDestinationPath: outside.appendingPathComponent("tm/secrets.csv").path
            )
            // A whole campaign folder that is a symlink to somewhere else.
            try fm.createSymbolicLink(atPath: service.objectDirectory.appendingPathComponent("codes/esc2").path, withDestinationPath: outside.path)

            for (campaign, key) in [("esc", "codes/esc/tm/passwd.csv"), ("esc", "codes/esc/tm/secrets.csv"), ("esc2", "codes/esc2/tm/secrets.csv")] {
                let reply = try await importing(service, campaign, key)
                XCTAssertEqual(reply.status, .notFound, key)
                XCTAssertFalse(reply.message.contains("root:"), key)
            }
            let stored = try await service.storedCodes("esc") + service.storedCodes("esc2")
            XCTAssertEqual(stored, 0)
        }
    }

    func test_symlinkInsideTheStore_isFollowed() async throws {
        try await withCodeInventory { service in
            let folder = service.objectDirectory.appendingPathComponent("codes/inside/tm")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(CodeInventoryHarness.csv(3, prefix: "IN")).write(to: folder.appendingPathComponent("real.csv"))
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("latest.csv").path, withDestinationPath: "real.csv")
            let reply = try await service.call(
                "ImportCodesFromObject",
                ImportCodesFromObjectRequest(campaignId: "inside", fileKey: "codes/inside/tm/latest.csv"),
                as: ImportCodesReply.self
            )
            XCTAssertEqual(reply.inserted, 3)
        }
    }

    func test_aDirectoryOrADevice_isNotFound_notAnInternalError() async throws {
        try await withCodeInventory { service in
            let folder = service.objectDirectory.appendingPathComponent("codes/dir/tm/folder.csv")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: service.objectDirectory.appendingPathComponent("codes/dir/tm/zero.csv").path,
                withDestinationPath: "/dev/zero"
            )
            for key in ["codes/dir/tm/folder.csv", "codes/dir/tm/zero.csv"] {
                let reply = try await importing(service, "dir", key)
                XCTAssertEqual(reply.status, .notFound, key)
            }
        }
    }
}
