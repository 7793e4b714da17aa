import AWSSigV4
import AWSCore
import Foundation

/// The deployer Lambda's zip (`bootstrap` for provided.al2023), as `apply` uploads it.
public struct DeployerPackage: Sendable {
    public let zip: [UInt8]
    /// Base64 SHA-256 of the zip: what Lambda reports as `CodeSha256`, so a changed deployer shows.
    public let sha256: String
    /// Where it was read from (empty for a package made in memory).
    public let path: String

    public init(zip: [UInt8], path: String = "") {
        self.zip = zip
        self.path = path
        sha256 = Data(SHA256Digest.bytes(of: zip)).base64EncodedString()
    }

    /// The SHA-256 as hexadecimal, as `sha256sum` prints it.
    public var hexDigest: String { SHA256Digest.hex(of: zip) }

    /// Where the zip is looked for, in order: `SLIPWAY_DEPLOYER_ZIP`; `share/slipway/` beside
    /// the executable's `bin/` (what `scripts/install` lays out); beside the executable; and the
    /// packaging script's folder in a source checkout's `.build`.
    public static func candidates(variables: [String: String], executablePath: String) -> [String] {
        var candidates: [String] = []
        if let explicit = variables["SLIPWAY_DEPLOYER_ZIP"], !explicit.isEmpty { candidates.append(explicit) }
        let directory = executablePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let prefix = directory.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        candidates.append("\(prefix)/share/slipway/slipway-deployer.zip")
        candidates.append("\(directory)/slipway-deployer.zip")
        if let buildFolder = directory.firstRange(of: "/.build/") {
            candidates.append(directory[..<buildFolder.upperBound] + "slipway-deployer/slipway-deployer.zip")
        }
        return candidates
    }

    public static func locate(variables: [String: String], executablePath: String) throws -> DeployerPackage {
        // A package named explicitly is the one meant: never another one found elsewhere.
        if let explicit = variables["SLIPWAY_DEPLOYER_ZIP"], !explicit.isEmpty {
            guard let data = FileManager.default.contents(atPath: explicit) else { throw EngineError.missingDeployerPackage(searched: [explicit]) }
            return DeployerPackage(zip: Array(data), path: explicit)
        }
        let candidates = candidates(variables: variables, executablePath: executablePath)
        for path in candidates {
            if let data = FileManager.default.contents(atPath: path) { return DeployerPackage(zip: Array(data), path: path) }
        }
        throw EngineError.missingDeployerPackage(searched: candidates)
    }
}
