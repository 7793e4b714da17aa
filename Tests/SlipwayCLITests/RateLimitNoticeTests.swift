import AWSCore
import Testing
@testable import SlipwayCLI

/// A paced run says what it waits for: which API, at what pace; not for every short wait, and
/// not again for the same API within ten seconds.
struct RateLimitNoticeTests {
    static func wait(_ operation: String, milliseconds: Int64, rate: Double? = 1.4) -> RateLimitWait {
        RateLimitWait(service: "ECS", operation: operation, waited: .milliseconds(milliseconds), rate: rate)
    }

    @Test func aLongWaitIsNamedOnceEveryTenSecondsPerAPI() {
        let notice = RateLimitNotice(style: Style(color: false))
        let start = ContinuousClock.now
        #expect(notice.line(Self.wait("RegisterTaskDefinition", milliseconds: 800), at: start)
            == "  … waiting on AWS's rate limit for ECS RegisterTaskDefinition (paced at 1.4 a second)\n")
        #expect(notice.line(Self.wait("RegisterTaskDefinition", milliseconds: 800), at: start + .seconds(3)) == nil)
        #expect(notice.line(Self.wait("CreateService", milliseconds: 800, rate: nil), at: start + .seconds(3))
            == "  … waiting on AWS's rate limit for ECS CreateService\n")
        #expect(notice.line(Self.wait("RegisterTaskDefinition", milliseconds: 800), at: start + .seconds(11)) != nil)
    }

    @Test func aShortWaitSaysNothing() {
        let notice = RateLimitNotice(style: Style(color: true))
        #expect(notice.line(Self.wait("DescribeServices", milliseconds: 200), at: .now) == nil)
        #expect(notice.line(Self.wait("DescribeServices", milliseconds: 600), at: .now)?.hasPrefix("\u{1B}[33m") == true)
    }
}
