import AWSCore
import Foundation

/// The example `slipway.yml` (examples/dbmi) made runnable against the emulator: a unique app
/// name (tests share one emulator) and the emulator's own subnets and security group.
public enum ExampleApp {
    public static var examplePath: String {
        Emulator.repositoryRoot.appendingPathComponent("examples/dbmi/slipway.yml").path
    }

    /// A random app name of the allowed form, short enough for every derived name.
    public static func uniqueName(_ prefix: String = "t") -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return prefix + String((0..<7).map { _ in letters.randomElement()! })
    }

    public static func text(app: String, network: EmulatorNetwork.Network) throws -> String {
        var text = try String(contentsOfFile: examplePath, encoding: .utf8)
        text = text.replacingOccurrences(of: "app: dbmi", with: "app: \(app)")
        text = text.replacingOccurrences(of: "name: dbmi", with: "name: \(app)")
        text = text.replacingOccurrences(of: "subnets: [subnet-0a1b2c3d4e5f60718]", with: "subnets: [\(network.subnets.joined(separator: ", "))]")
        text = text.replacingOccurrences(of: "security_groups: [sg-0a1b2c3d4e5f60718]", with: "security_groups: [\(network.securityGroups.joined(separator: ", "))]")
        return text
    }

    /// Writes the runnable example into a fresh folder and returns the file's path.
    public static func write(app: String, network: EmulatorNetwork.Network, edit: (String) -> String = { $0 }) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-\(app)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("slipway.yml").path
        try edit(try text(app: app, network: network)).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
