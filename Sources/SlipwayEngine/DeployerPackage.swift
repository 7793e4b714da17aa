import AWSCore

/// The deployer Lambda's zip (`bootstrap` for provided.al2023), as `apply` uploads it.
public struct DeployerPackage: Sendable {
    public let zip: [UInt8]
    /// Base64 SHA-256 of the zip: what Lambda reports as `CodeSha256`, so a changed deployer shows.
    public let sha256: String

    public init(zip: [UInt8]) {
        self.zip = zip
        sha256 = Data(SHA256Digest.bytes(of: zip)).base64EncodedString()
    }

    /// Looks in `SLIPWAY_DEPLOYER_ZIP`, beside the running executable, and in the build folders
    /// of a source checkout; installing Slipway puts the zip beside the executable.
    public static func locate(environment: [String: String], executablePath: String) throws -> DeployerPackage {
        var candidates: [String] = []
        if let explicit = environment["SLIPWAY_DEPLOYER_ZIP"], !explicit.isEmpty { candidates.append(explicit) }
        let directory = executablePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        candidates.append("\(directory)/slipway-deployer.zip")
        // Run from a checkout's .build: the packaging script writes .build/slipway-deployer/.
        if let buildFolder = directory.firstRange(of: "/.build/") {
            candidates.append(directory[..<buildFolder.upperBound] + "slipway-deployer/slipway-deployer.zip")
        }
        for path in candidates {
            if let data = FileManager.default.contents(atPath: path) { return DeployerPackage(zip: Array(data)) }
        }
        throw EngineError.missingDeployerPackage(searched: candidates)
    }
}
