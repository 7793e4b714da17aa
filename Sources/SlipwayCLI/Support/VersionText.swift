import Foundation
import SlipwayEngine

/// What `slipway --version` prints: the version, and the deployer package `apply` would upload
/// (its path and SHA-256, as `sha256sum` prints it), or where it was looked for.
enum VersionText {
    static let version = "0.2.0"

    static func render(variables: [String: String], executablePath: String) -> String {
        let package: String
        do {
            let found = try DeployerPackage.locate(variables: variables, executablePath: executablePath)
            let size = String(format: "%.1f MiB", Double(found.zip.count) / 1_048_576)
            package = "deployer package \(found.path) (\(size))\nsha256 \(found.hexDigest)"
        } catch {
            let searched = DeployerPackage.candidates(variables: variables, executablePath: executablePath)
            package = "deployer package: not found (looked in \(searched.joined(separator: ", ")))"
        }
        return "slipway \(version)\n\(package)"
    }
}
