import Foundation
import Testing
@testable import AWSSigV4

struct SigV4TimestampTests {
    @Test(arguments: [
        (1_440_938_160.0, "20150830T123600Z"),
        (0.0, "19700101T000000Z"),
        (951_782_400.0, "20000229T000000Z"),
        (4_107_542_399.0, "21000228T235959Z"),
    ])
    func rendersUTC(_ seconds: Double, _ expected: String) {
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: seconds)).dateTime == expected)
    }

    @Test func credentialsNeverDescribeTheirSecrets() {
        let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "SECRET", sessionToken: "TOKEN")
        let text = "\(credentials)"
        #expect(!text.contains("SECRET") && !text.contains("TOKEN"))
    }
}
