import Bus
import Contracts
import Foundation
import XCTest

@testable import CodeInventory

/// An import is all or nothing: its codes become reservable, counted and assignable together when
/// it finishes; a failure, an abort or a caller that went away leaves none of them and no open upload.
final class CodeImportAllOrNothingTests: XCTestCase {
    func test_multiChunkUpload_importsNothingUntilItsFinish_thenEveryCodeAtOnce() async throws {
        try await withCodeInventory { service in
            let csv = CodeInventoryHarness.csv(3_000, prefix: "ALL")
            let begun = try await service.call(
                "BeginCodeUpload",
                BeginCodeUploadRequest(campaignId: "all", type: "tm"),
                as: BeginCodeUploadReply.self
            )
            let chunk = 10_000
            var seq: Int32 = 0
            for start in stride(from: 0, to: csv.count, by: chunk) {
                let data = Data(csv[start..<min(start + chunk, csv.count)])
                let progress = try await service.call(
                    "AppendCodeUploadChunk",
                    AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: seq, data: data),
                    as: AppendCodeUploadChunkReply.self
                )
                XCTAssertGreaterThan(progress.rows, 0)
                seq += 1
                let reserve = try await service.reserveOne("all")
                XCTAssertEqual(reserve, .aborted, "after chunk \(seq - 1) a code was reservable")
                let counts = try await service.counts("all", type: "tm")
                XCTAssertEqual(counts.tm?.available ?? 0, 0, "after chunk \(seq - 1) codes were counted")
            }
            XCTAssertGreaterThanOrEqual(seq, 3)
            let storedBefore = try await service.storedCodes("all")
            XCTAssertEqual(storedBefore, 0)

            let done = try await service.call(
                "FinishCodeUpload",
                FinishCodeUploadRequest(uploadId: begun.uploadId, chunkCount: seq),
                as: ImportCodesReply.self
            )
            XCTAssertEqual(done, ImportCodesReply(campaignId: "all", type: "tm", rows: 3_000, inserted: 3_000, duplicates: 0, rejected: 0))
            let counts = try await service.counts("all", type: "tm")
            XCTAssertEqual(counts.tm, CodeCounts(available: 3_000, reserved: 0, assigned: 0))
            // Handed out in file order, from the first code of the first chunk.
            let reserved = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "all", type: "tm", count: 2),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(reserved.codes, ["ALL-000000", "ALL-000001"])
            // One event for the whole import.
            let topics = try await service.outboxTopics()
            XCTAssertEqual(topics.filter { $0 == "\(service.name).codes_imported" }.count, 1)
            let staged = try await service.stagedCodes()
            XCTAssertEqual(staged, 0)
        }
    }

    func test_failureInTheMiddleOfAMultiChunkUpload_leavesNothingReservable_andTheAbortDiscardsIt() async throws {
        try await withCodeInventory { service in
            let begun = try await service.call(
                "BeginCodeUpload",
                BeginCodeUploadRequest(campaignId: "mid", type: "tm"),
                as: BeginCodeUploadReply.self
            )
            for seq in 0..<3 {
                let data = Data(CodeInventoryHarness.csv(500, prefix: "MID\(seq)"))
                _ = try await service.call(
                    "AppendCodeUploadChunk",
                    AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: Int32(seq), data: data),
                    as: AppendCodeUploadChunkReply.self
                )
            }
            // The fourth chunk is refused (too large for the service): the upload cannot complete.
            let oversized = Data(repeating: UInt8(ascii: "x"), count: Int(begun.maxChunkBytes) + 1)
            let refused = try await service.reply(
                "AppendCodeUploadChunk",
                AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: 3, data: oversized)
            )
            XCTAssertEqual(refused.status, .invalidArgument)
            let reserve = try await service.reserveOne("mid")
            XCTAssertEqual(reserve, .aborted, "codes of the chunks before the failure were reservable")
            let stored = try await service.storedCodes("mid")
            XCTAssertEqual(stored, 0)

            // The caller (the gateway) gives the upload up: what it staged is gone, and it cannot be finished.
            let aborted = try await service.call(
                "AbortCodeUpload",
                AbortCodeUploadRequest(uploadId: begun.uploadId, reason: "test"),
                as: AbortCodeUploadReply.self
            )
            XCTAssertEqual(aborted, AbortCodeUploadReply(uploadId: begun.uploadId, aborted: true))
            let staged = try await service.stagedCodes()
            XCTAssertEqual(staged, 0)
            let open = try await service.openUploads()
            XCTAssertEqual(open, 0)
            let finish = try await service.reply("FinishCodeUpload", FinishCodeUploadRequest(uploadId: begun.uploadId, chunkCount: 3))
            XCTAssertEqual(finish.status, .failedPrecondition)
            let late = try await service.reply(
                "AppendCodeUploadChunk",
                AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: 3, data: Data("Z\n".utf8))
            )
            XCTAssertEqual(late.status, .failedPrecondition)
            let counts = try await service.counts("mid", type: "tm")
            XCTAssertEqual(counts.tm?.available ?? 0, 0)
        }
    }

    func test_abortAfterTheFinish_leavesTheImportAsItIs() async throws {
        try await withCodeInventory { service in
            let begun = try await service.call(
                "BeginCodeUpload",
                BeginCodeUploadRequest(campaignId: "late-abort", type: "tm"),
                as: BeginCodeUploadReply.self
            )
            _ = try await service.call(
                "AppendCodeUploadChunk",
                AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: 0, data: Data("A\nB\n".utf8)),
                as: AppendCodeUploadChunkReply.self
            )
            _ = try await service.call(
                "FinishCodeUpload",
                FinishCodeUploadRequest(uploadId: begun.uploadId, chunkCount: 1),
                as: ImportCodesReply.self
            )
            let aborted = try await service.call("AbortCodeUpload", AbortCodeUploadRequest(uploadId: begun.uploadId), as: AbortCodeUploadReply.self)
            XCTAssertFalse(aborted.aborted)
            let counts = try await service.counts("late-abort", type: "tm")
            XCTAssertEqual(counts.tm?.available, 2)
        }
    }

    func test_uploadWhoseCallerWentAway_isAbortedByTheSweeperOnceStale_andAFreshOneIsNot() async throws {
        try await withCodeInventory(extra: ["CODE_UPLOAD_STALE_SECONDS": "120"]) { service in
            let sweeper = try service.sweeper()
            XCTAssertEqual(sweeper.staleAfter, 120)
            let gone = try await service.call(
                "BeginCodeUpload",
                BeginCodeUploadRequest(campaignId: "stale", type: "tm"),
                as: BeginCodeUploadReply.self
            )
            for seq in 0..<2 {
                _ = try await service.call(
                    "AppendCodeUploadChunk",
                    AppendCodeUploadChunkRequest(
                        uploadId: gone.uploadId,
                        seq: Int32(seq),
                        data: Data(CodeInventoryHarness.csv(300, prefix: "S\(seq)"))
                    ),
                    as: AppendCodeUploadChunkReply.self
                )
            }
            service.clock.advance(by: 100)
            // Another upload still taking chunks is not stale.
            let busy = try await service.call(
                "BeginCodeUpload",
                BeginCodeUploadRequest(campaignId: "stale", type: "tm"),
                as: BeginCodeUploadReply.self
            )
            _ = try await service.call(
                "AppendCodeUploadChunk",
                AppendCodeUploadChunkRequest(uploadId: busy.uploadId, seq: 0, data: Data("B1\n".utf8)),
                as: AppendCodeUploadChunkReply.self
            )
            let early = try await sweeper.sweepOnce()
            XCTAssertEqual(early, 0, "nothing is stale before CODE_UPLOAD_STALE_SECONDS")

            service.clock.advance(by: 21)
            let swept = try await sweeper.sweepOnce()
            XCTAssertEqual(swept, 1)
            let open = try await service.openUploads()
            XCTAssertEqual(open, 1, "only the upload that still takes chunks is open")
            let staged = try await service.stagedCodes()
            XCTAssertEqual(staged, 1, "the stale upload's 600 staged codes are gone")
            let resumed = try await service.reply(
                "AppendCodeUploadChunk",
                AppendCodeUploadChunkRequest(uploadId: gone.uploadId, seq: 2, data: Data("Z\n".utf8))
            )
            XCTAssertEqual(resumed.status, .failedPrecondition)
            let done = try await service.call(
                "FinishCodeUpload",
                FinishCodeUploadRequest(uploadId: busy.uploadId, chunkCount: 1),
                as: ImportCodesReply.self
            )
            XCTAssertEqual(done.inserted, 1)
            let stored = try await service.storedCodes("stale")
            XCTAssertEqual(stored, 1)
        }
    }

    func test_importFromObject_failingHalfwayThroughTheFile_importsNothing_andLeavesNoOpenUpload() async throws {
        let store = FailingObjectStore(chunks: [CodeInventoryHarness.csv(1_000, prefix: "OA"), CodeInventoryHarness.csv(1_000, prefix: "OB")])
        try await withCodeInventory(objectStore: store) { service in
            let reply = try await service.reply(
                "ImportCodesFromObject",
                ImportCodesFromObjectRequest(campaignId: "objfail", fileKey: "codes/objfail/tm/f.csv")
            )
            XCTAssertNotEqual(reply.status, .ok)
            let stored = try await service.storedCodes("objfail")
            XCTAssertEqual(stored, 0)
            let reserve = try await service.reserveOne("objfail")
            XCTAssertEqual(reserve, .aborted)
            let open = try await service.openUploads()
            XCTAssertEqual(open, 0)
            let staged = try await service.stagedCodes()
            XCTAssertEqual(staged, 0)
        }
    }
}
