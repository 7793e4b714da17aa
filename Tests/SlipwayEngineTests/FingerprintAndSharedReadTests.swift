import Foundation
import Synchronization
import Testing
@testable import SlipwayEngine

/// The fingerprint a plan confirms pipelines and revisions by, and the one read a plan's
/// listings share.
struct FingerprintAndSharedReadTests {
    static let fields = [
        Field(FieldID("cpu"), "256"),
        Field(FieldID("ports"), list: ["80", "443"]),
        Field(FieldID("variables"), value: .map(["A": "1", "B": "2"])),
        Field(FieldID("policy"), document: #"{"Version":"2012-10-17"}"#),
    ]

    @Test func anyChangedFieldChangesTheFingerprintAndTagsOrASecretDoNot() {
        let base = Fingerprint.of(Self.fields)
        #expect(base.count == 32 && base.allSatisfy(\.isHexDigit))
        #expect(Fingerprint.of(Self.fields) == base, "the same fields, the same fingerprint")
        var changed = Self.fields
        changed[1] = Field(FieldID("ports"), list: ["80"])
        #expect(Fingerprint.of(changed) != base)
        changed = Self.fields
        changed[2] = Field(FieldID("variables"), value: .map(["A": "1", "B": "3"]))
        #expect(Fingerprint.of(changed) != base)
        // A list and a scalar that print alike differ.
        #expect(Fingerprint.of([Field(FieldID("x"), list: ["a", "b"])]) != Fingerprint.of([Field(FieldID("x"), "a, b")]))
        // The map's order is AWS's business, not the fingerprint's.
        #expect(Fingerprint.of([Field(FieldID("m"), value: .map(["B": "2", "A": "1"]))]) == Fingerprint.of([Field(FieldID("m"), value: .map(["A": "1", "B": "2"]))]))
        let tags = SlipwayTags(["slipway:app": "a"]).field
        #expect(Fingerprint.of(Self.fields + [tags]) == base, "tags are compared from the listing, not fingerprinted")
        let token = Field(FieldID("oauth token", writeOnly: true), "ghp_secret")
        #expect(Fingerprint.of(Self.fields + [token]) == base, "a write-only field (a token) leaves no trace")
    }

    @Test func theFingerprintTagIsNotATagTheFileAsksFor() {
        let live = SlipwayTags(live: ["slipway:app": "a", Fingerprint.tagKey: "1:abc", "team": "x"])
        #expect(live.values == ["slipway:app": "a"])
    }

    @Test func manyReadersShareOneReadAndItsError() async throws {
        let fetches = Atomic<Int>(0)
        let shared = SharedRead<Int> {
            fetches.add(1, ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(20))
            return 42
        }
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 { group.addTask { try await shared.value() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 42, count: 50))
        #expect(fetches.load(ordering: .relaxed) == 1)

        struct Refused: Error {}
        let failing = SharedRead<Int> {
            fetches.add(1, ordering: .relaxed)
            throw Refused()
        }
        for _ in 0..<3 { await #expect(throws: Refused.self) { try await failing.value() } }
        #expect(fetches.load(ordering: .relaxed) == 2, "the error is the read's answer, not a reason to read again")
    }
}
