#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body checksums that some AWS operations require.
public enum Checksums {
    /// Base64 of the MD5 digest: the `Content-MD5` header that S3 requires on configuration
    /// writes and DeleteObjects (`httpChecksum.requestChecksumRequired` in its model).
    public static func md5Base64(_ body: some Sequence<UInt8>) -> String {
        Data(MD5.hash(Array(body))).base64EncodedString()
    }
}
