import Bus
import CodeInventory
import Contracts
import Foundation
import XCTest

/// The service on the real bus and Postgres: import, reserve, assign, release, counts, jobs, events.
final class CampaignCodeServiceTests: XCTestCase {
    func test_import_countsDuplicatesInFileAndAgainstStored_andRejectsLongCodes() async throws {
        try await withCodeInventory { service in
            let long = String(repeating: "L", count: 129)
            let first = try await service.upload(Array("A\nB\nA\n\(long)\n\n C \r\n".utf8), campaign: "imp", chunk: 3)
            XCTAssertEqual(first, ImportCodesReply(campaignId: "imp", type: "tm", rows: 5, inserted: 3, duplicates: 1, rejected: 1))
            let second = try await service.upload(Array("C\nD".utf8), campaign: "imp")
            XCTAssertEqual(second, ImportCodesReply(campaignId: "imp", type: "tm", rows: 2, inserted: 1, duplicates: 1, rejected: 0))
            // Unique within the campaign across types: the same code as external is a duplicate too.
            let external = try await service.upload(Array("A\nE".utf8), campaign: "imp", type: "external")
            XCTAssertEqual(external.inserted, 1)
            XCTAssertEqual(external.duplicates, 1)
            let counts = try await service.counts("imp")
            XCTAssertEqual(counts.tm, CodeCounts(available: 4, reserved: 0, assigned: 0))
            XCTAssertEqual(counts.external, CodeCounts(available: 1, reserved: 0, assigned: 0))
            let topics = try await service.outboxTopics()
            XCTAssertTrue(topics.allSatisfy { $0 == "\(service.name).codes_imported" } && topics.count >= 3, "\(topics)")
        }
    }

    func test_upload_chunksAreIdempotentBySeq_outOfOrderIsRefused_finishRepeats() async throws {
        try await withCodeInventory { service in
            let begun = try await service.call(
                "BeginCodeUpload",
                BeginCodeUploadRequest(campaignId: "chk", type: "tm"),
                as: BeginCodeUploadReply.self
            )
            let chunk0 = AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: 0, data: Data("X1\nX".utf8))
            _ = try await service.call("AppendCodeUploadChunk", chunk0, as: AppendCodeUploadChunkReply.self)
            let again = try await service.call("AppendCodeUploadChunk", chunk0, as: AppendCodeUploadChunkReply.self)
            XCTAssertEqual(again.nextSeq, 1, "a repeated chunk is acknowledged, not applied twice")
            let early = try await service.reply(
                "AppendCodeUploadChunk",
                AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: 2, data: Data("Z\n".utf8))
            )
            XCTAssertEqual(early.status, .failedPrecondition)
            _ = try await service.call(
                "AppendCodeUploadChunk",
                AppendCodeUploadChunkRequest(uploadId: begun.uploadId, seq: 1, data: Data("2\nX3".utf8)),
                as: AppendCodeUploadChunkReply.self
            )
            let wrongCount = try await service.reply("FinishCodeUpload", FinishCodeUploadRequest(uploadId: begun.uploadId, chunkCount: 5))
            XCTAssertEqual(wrongCount.status, .invalidArgument)
            let done = try await service.call(
                "FinishCodeUpload",
                FinishCodeUploadRequest(uploadId: begun.uploadId, chunkCount: 2),
                as: ImportCodesReply.self
            )
            XCTAssertEqual(done, ImportCodesReply(campaignId: "chk", type: "tm", rows: 3, inserted: 3, duplicates: 0, rejected: 0))
            let repeated = try await service.call(
                "FinishCodeUpload",
                FinishCodeUploadRequest(uploadId: begun.uploadId, chunkCount: 2),
                as: ImportCodesReply.self
            )
            XCTAssertEqual(repeated, done)
            let storedCount = try await service.storedCodes("chk")
            XCTAssertEqual(storedCount, 3)
        }
    }

    func test_importFromObjectStore_typeFromKey_badKeysWriteNothing() async throws {
        try await withCodeInventory { service in
            let folder = service.objectDirectory.appendingPathComponent("codes/obj/external")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(CodeInventoryHarness.csv(2500, prefix: "OBJ")).write(to: folder.appendingPathComponent("batch.csv"))
            let reply = try await service.call(
                "ImportCodesFromObject",
                ImportCodesFromObjectRequest(campaignId: "obj", fileKey: "codes/obj/external/batch.csv"),
                as: ImportCodesReply.self
            )
            XCTAssertEqual(reply, ImportCodesReply(campaignId: "obj", type: "external", rows: 2500, inserted: 2500, duplicates: 0, rejected: 0))

            let missing = try await service.reply(
                "ImportCodesFromObject",
                ImportCodesFromObjectRequest(campaignId: "obj", fileKey: "codes/obj/tm/none.csv")
            )
            XCTAssertEqual(missing.status, .notFound)
            let escape = try await service.reply(
                "ImportCodesFromObject",
                ImportCodesFromObjectRequest(campaignId: "obj", fileKey: "codes/obj/tm/../../x.csv")
            )
            XCTAssertEqual(escape.status, .invalidArgument)
            XCTAssertEqual(escape.violations.map(\.field), ["fileKey"])
            let otherCampaign = try await service.reply(
                "ImportCodesFromObject",
                ImportCodesFromObjectRequest(campaignId: "obj2", fileKey: "codes/obj/external/batch.csv")
            )
            XCTAssertEqual(otherCampaign.status, .invalidArgument)
            let stored = try await service.storedCodes("obj2")
            XCTAssertEqual(stored, 0)
        }
    }

    func test_reserveAssignRelease_reasons_counts_andEvents() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(10), campaign: "flow")
            let reserved = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "flow", type: "tm", count: 4),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(reserved.codes.count, 4)
            XCTAssertNotNil(UUID(uuidString: reserved.reserveId))
            let assign = AssignCodesRequest(
                campaignId: "flow",
                type: "tm",
                assignments: [
                    CodeAssignment(code: reserved.codes[0], userId: "u1"), CodeAssignment(code: reserved.codes[1], userId: "u2"),
                    CodeAssignment(code: "C-000009", userId: "u3"), CodeAssignment(code: "NOPE", userId: "u4"),
                ]
            )
            let assigned = try await service.call("AssignCodes", assign, as: AssignCodesReply.self)
            XCTAssertEqual(assigned.assigned, [reserved.codes[0], reserved.codes[1]])
            XCTAssertEqual(
                assigned.failed,
                [CodeFailure(code: "C-000009", reason: "not_reserved"), CodeFailure(code: "NOPE", reason: "unknown_code")]
            )
            let twice = try await service.call(
                "AssignCodes",
                AssignCodesRequest(
                    campaignId: "flow",
                    type: "tm",
                    assignments: [CodeAssignment(code: reserved.codes[0], userId: "u9")]
                ),
                as: AssignCodesReply.self
            )
            XCTAssertEqual(twice.failed, [CodeFailure(code: reserved.codes[0], reason: "already_assigned")])

            let released = try await service.call(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "flow", type: "tm", codes: [reserved.codes[2], reserved.codes[0]]),
                as: ReleaseCodesReply.self
            )
            XCTAssertEqual(released.released, [reserved.codes[2]])
            XCTAssertEqual(released.failed, [CodeFailure(code: reserved.codes[0], reason: "already_assigned")])
            let byId = try await service.call(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "flow", type: "tm", reserveId: reserved.reserveId),
                as: ReleaseCodesReply.self
            )
            XCTAssertEqual(byId.released, [reserved.codes[3]])
            let reasons = Dictionary(uniqueKeysWithValues: byId.failed.map { ($0.code, $0.reason) })
            XCTAssertEqual(
                reasons,
                [reserved.codes[0]: "already_assigned", reserved.codes[1]: "already_assigned", reserved.codes[2]: "not_reserved"],
                "the codes it listed and no longer holds, with the reason"
            )
            let twiceById = try await service.reply(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "flow", type: "tm", reserveId: reserved.reserveId)
            )
            XCTAssertEqual(twiceById.status, .notFound, "released already")
            let otherType = try await service.reply(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "flow", type: "external", reserveId: reserved.reserveId)
            )
            XCTAssertEqual(otherType.status, .notFound)
            let unknown = try await service.reply("ReleaseCodes", ReleaseCodesRequest(campaignId: "flow", type: "tm", reserveId: UUID().uuidString))
            XCTAssertEqual(unknown.status, .notFound)

            let counts = try await service.counts("flow", type: "tm")
            XCTAssertEqual(counts.tm, CodeCounts(available: 8, reserved: 0, assigned: 2))
            XCTAssertNil(counts.external)
            let topics = Set(try await service.outboxTopics())
            for event in ["codes_imported", "codes_reserved", "codes_assigned", "codes_released"] {
                XCTAssertTrue(topics.contains("\(service.name).\(event)"), "\(event) in \(topics)")
            }
        }
    }

    func test_reserve_fewerWhenFewerAvailable_thenConflictWhenNone() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(3), campaign: "few")
            let reply = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "few", type: "tm", count: 10),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(reply.codes.count, 3)
            let none = try await service.reply("ReserveCodes", ReserveCodesRequest(campaignId: "few", type: "tm", count: 1))
            XCTAssertEqual(none.status, .aborted)
            let otherType = try await service.reply("ReserveCodes", ReserveCodesRequest(campaignId: "few", type: "external", count: 1))
            XCTAssertEqual(otherType.status, .aborted)
        }
    }

    func test_24hBoundary_throughTheService_andTheReleaseJob() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(2), campaign: "day")
            let first = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "day", type: "tm", count: 2),
                as: ReserveCodesReply.self
            )
            service.clock.advance(by: 24 * 3600)
            let atBoundary = try await service.counts("day")
            XCTAssertEqual(atBoundary.tm, CodeCounts(available: 0, reserved: 2, assigned: 0), "exactly 24 h: still reserved")
            let stillNone = try await service.reply("ReserveCodes", ReserveCodesRequest(campaignId: "day", type: "tm", count: 1))
            XCTAssertEqual(stillNone.status, .aborted)
            let assigned = try await service.call(
                "AssignCodes",
                AssignCodesRequest(
                    campaignId: "day",
                    type: "tm",
                    assignments: [CodeAssignment(code: first.codes[0], userId: "u")]
                ),
                as: AssignCodesReply.self
            )
            XCTAssertEqual(assigned.assigned, [first.codes[0]], "assignable at exactly 24 h")

            // One second, not one millisecond: timestamps travel to SQL as milliseconds, and epoch + 24 h
            // + 0.001 is not exact in a Double (the domain test covers the millisecond).
            service.clock.advance(by: 1)
            let after = try await service.counts("day")
            XCTAssertEqual(after.tm, CodeCounts(available: 1, reserved: 0, assigned: 1), "older than 24 h counts as available")
            let late = try await service.call(
                "AssignCodes",
                AssignCodesRequest(
                    campaignId: "day",
                    type: "tm",
                    assignments: [CodeAssignment(code: first.codes[1], userId: "u")]
                ),
                as: AssignCodesReply.self
            )
            XCTAssertEqual(late.failed, [CodeFailure(code: first.codes[1], reason: "reservation_expired")])

            let job = try await service.call(
                "RunJob",
                RunJobRequest(job: "release-expired-reservations"),
                as: RunJobReply.self,
                principal: .service("scheduler")
            )
            XCTAssertEqual(job.processed, 1)
            let afterJob = try await service.counts("day")
            XCTAssertEqual(afterJob.tm, CodeCounts(available: 1, reserved: 0, assigned: 1))
            let again = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "day", type: "tm", count: 5),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(again.codes, [first.codes[1]])
        }
    }

    func test_expiredReservation_isReservedAgainWithoutTheJob() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(1), campaign: "reuse")
            let first = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "reuse", type: "tm", count: 1),
                as: ReserveCodesReply.self
            )
            service.clock.advance(by: 24 * 3600 + 1)
            let second = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "reuse", type: "tm", count: 1),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(second.codes, first.codes)
            let counts = try await service.counts("reuse")
            XCTAssertEqual(counts.tm, CodeCounts(available: 0, reserved: 1, assigned: 0))
            let oldRelease = try await service.call(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "reuse", type: "tm", reserveId: first.reserveId),
                as: ReleaseCodesReply.self
            )
            XCTAssertEqual(oldRelease.released, [], "the old reservation no longer holds the code")
            XCTAssertEqual(oldRelease.failed, [CodeFailure(code: first.codes[0], reason: "reservation_expired")])
            let stillHeld = try await service.counts("reuse")
            XCTAssertEqual(stillHeld.tm, CodeCounts(available: 0, reserved: 1, assigned: 0), "the newer reservation keeps it")
        }
    }

    func test_releaseJob_resetsOnlyCodesTheExpiredReservationStillHolds_andDropsItsRow() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(4, prefix: "J"), campaign: "job")
            let old = try await service.call("ReserveCodes", ReserveCodesRequest(campaignId: "job", type: "tm", count: 3), as: ReserveCodesReply.self)
            let assigned = try await service.call(
                "AssignCodes",
                AssignCodesRequest(
                    campaignId: "job",
                    type: "tm",
                    assignments: [CodeAssignment(code: old.codes[0], userId: "u")]
                ),
                as: AssignCodesReply.self
            )
            XCTAssertEqual(assigned.assigned, [old.codes[0]])
            let listed = try await service.reservationRows("job")
            XCTAssertEqual(listed, [old.reserveId: old.codes], "one row per reservation, with every code it handed out")
            service.clock.advance(by: 24 * 3600 + 1)
            // One fresh code left, then one of the expired reservation's two unassigned codes.
            let newer = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "job", type: "tm", count: 2),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(newer.codes.count, 2)
            let takenOver = Set(newer.codes).intersection(old.codes)
            XCTAssertEqual(takenOver.count, 1)
            let stillOld = Set(old.codes.dropFirst()).subtracting(takenOver)

            let job = try await service.call(
                "RunJob",
                RunJobRequest(job: "release-expired-reservations"),
                as: RunJobReply.self,
                principal: .service("scheduler")
            )
            XCTAssertEqual(job.processed, 1, "only the code the expired reservation still holds")
            let reservedNow = try await service.storedReservations("job")
            XCTAssertEqual(Set(reservedNow.keys), Set(newer.codes), "the newer reservation keeps what it took over")
            let rowsAfterJob = try await service.reservationRows("job")
            XCTAssertEqual(Array(rowsAfterJob.keys), [newer.reserveId], "the expired reservation's row is gone")
            let counts = try await service.counts("job")
            XCTAssertEqual(counts.tm, CodeCounts(available: 1, reserved: 2, assigned: 1))

            let released = try await service.call(
                "ReleaseCodes",
                ReleaseCodesRequest(campaignId: "job", type: "tm", reserveId: newer.reserveId),
                as: ReleaseCodesReply.self
            )
            XCTAssertEqual(released.released, newer.codes.sorted())
            let rowsAfterRelease = try await service.reservationRows("job")
            XCTAssertEqual(rowsAfterRelease, [:], "a released reservation's row goes with it")
            let swept = try await service.reply("ReleaseCodes", ReleaseCodesRequest(campaignId: "job", type: "tm", reserveId: old.reserveId))
            XCTAssertEqual(swept.status, .notFound, "the job reset the expired reservation and dropped its row")
            let again = try await service.call(
                "ReserveCodes",
                ReserveCodesRequest(campaignId: "job", type: "tm", count: 5),
                as: ReserveCodesReply.self
            )
            XCTAssertEqual(Set(again.codes), Set(newer.codes).union(stillOld))
        }
    }

    func test_64ConcurrentReservers_neverGetTheSameCode() async throws {
        try await withCodeInventory(poolSize: 10) { service in
            _ = try await service.upload(CodeInventoryHarness.csv(700, prefix: "CC"), campaign: "race")
            let batches = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        try await service.call(
                            "ReserveCodes",
                            ReserveCodesRequest(campaignId: "race", type: "tm", count: 10),
                            as: ReserveCodesReply.self
                        ).codes
                    }
                }
                var all: [[String]] = []
                for try await codes in group { all.append(codes) }
                return all
            }
            let codes = batches.flatMap { $0 }
            XCTAssertEqual(batches.map(\.count), Array(repeating: 10, count: 64))
            XCTAssertEqual(codes.count, 640)
            XCTAssertEqual(Set(codes).count, 640, "no code handed out twice")
            let counts = try await service.counts("race")
            XCTAssertEqual(counts.tm, CodeCounts(available: 60, reserved: 640, assigned: 0), "counters stay exact under concurrency")
        }
    }

    func test_badInput_isInvalidArgument_withViolations_andWritesNothing() async throws {
        try await withCodeInventory { service in
            let cases: [(String, ReserveCodesRequest, String)] = [
                ("type", ReserveCodesRequest(campaignId: "bad", type: "vip", count: 1), "type"),
                ("zero", ReserveCodesRequest(campaignId: "bad", type: "tm", count: 0), "count"),
                ("too many", ReserveCodesRequest(campaignId: "bad", type: "tm", count: 1001), "count"),
                ("missing type", ReserveCodesRequest(campaignId: "bad", type: "", count: 1), "type"),
            ]
            for (label, request, field) in cases {
                let reply = try await service.reply("ReserveCodes", request)
                XCTAssertEqual(reply.status, .invalidArgument, label)
                XCTAssertEqual(reply.violations.map(\.field), [field], label)
            }
            let upload = try await service.reply("BeginCodeUpload", BeginCodeUploadRequest(campaignId: "bad", type: "gold"))
            XCTAssertEqual(upload.status, .invalidArgument)
            let assign = try await service.reply(
                "AssignCodes",
                AssignCodesRequest(campaignId: "bad", type: "tm", assignments: [CodeAssignment(code: "", userId: "")])
            )
            XCTAssertEqual(assign.violations.map(\.field), ["assignments[0].code", "assignments[0].userId"])
            let release = try await service.reply("ReleaseCodes", ReleaseCodesRequest(campaignId: "bad", type: "external"))
            XCTAssertEqual(release.status, .invalidArgument)
            let stored = try await service.storedCodes("bad")
            XCTAssertEqual(stored, 0)
            let uploads = try await service.runtime.database.pool.query("SELECT count(*) AS n FROM uploads")
            XCTAssertEqual(try uploads[0].decode("n", as: Int.self), 0)
            let topics = try await service.outboxTopics()
            XCTAssertEqual(topics, [])
        }
    }

    func test_roles_areCheckedInTheService() async throws {
        try await withCodeInventory { service in
            let user = Principal(subject: "u", roles: ["user"])
            let denied = try await service.reply("ReserveCodes", ReserveCodesRequest(campaignId: "r", type: "tm", count: 1), principal: user)
            XCTAssertEqual(denied.status, .permissionDenied)
            let count = try await service.reply("CountCodes", CountCodesRequest(campaignId: "r"), principal: CodeInventoryHarness.admin)
            XCTAssertEqual(count.status, .permissionDenied)
            let asService = try await service.reply("CountCodes", CountCodesRequest(campaignId: "r"), principal: CodeInventoryHarness.service)
            XCTAssertEqual(asService.status, .ok, "other services may use campaign codes on the bus")
        }
    }

    func test_reserve_sameIdempotencyKey_sameAnswer() async throws {
        try await withCodeInventory { service in
            _ = try await service.upload(CodeInventoryHarness.csv(20), campaign: "idem")
            let request = ReserveCodesRequest(campaignId: "idem", type: "tm", count: 5)
            let first = try await service.call("ReserveCodes", request, as: ReserveCodesReply.self, key: "k-1")
            let second = try await service.call("ReserveCodes", request, as: ReserveCodesReply.self, key: "k-1")
            XCTAssertEqual(first, second)
            let counts = try await service.counts("idem")
            XCTAssertEqual(counts.tm?.reserved, 5)
        }
    }
}
