import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body checksums that some AWS operations require, computed here because this is the
/// one target that links swift-crypto.
public enum Checksums {
    /// Base64 of the MD5 digest: the `Content-MD5` header that S3 requires on configuration
    /// writes and DeleteObjects (`httpChecksum.requestChecksumRequired` in its model).
    public static func md5Base64(_ body: some Sequence<UInt8>) -> String {
        Data(Insecure.MD5.hash(data: Array(body))).base64EncodedString()
    }
}
