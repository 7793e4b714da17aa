import AWSCore
import AWSServices
import Foundation

/// The example `slipway.yml` (examples/dbmi) made runnable against the emulator: a unique app
/// name and domain (tests share one emulator), the emulator's own subnets and security group,
/// and the domain's hosted zone made first, as its owner would have.
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
        text = text.replacingOccurrences(of: "subnets: [subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788]", with: "subnets: [\(network.publicSubnets.joined(separator: ", "))]")
        text = text.replacingOccurrences(of: "domain: dbmi.hms.harvard.edu", with: "domain: \(domain(app: app))")
        return text
    }

    /// The production environment's domain for `app`.
    public static func domain(app: String) -> String { "\(app).example.org" }

    /// Writes the runnable example into a fresh folder, makes its domain's hosted zone, and
    /// returns the file's path.
    public static func write(app: String, network: EmulatorNetwork.Network, on emulator: EmulatorConnection? = nil,
                             edit: (String) -> String = { $0 }) async throws -> String {
        // The emulator's admin makes it, so that a test's own user has made no call yet.
        let admin = if let emulator { emulator.client() } else { try await Emulator.shared.connection().client() }
        _ = try await Route53(client: admin).createHostedZone(.init(Name: domain(app: app), CallerReference: UUID().uuidString))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-\(app)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("slipway.yml").path
        try edit(try text(app: app, network: network)).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The example without its web front (`load_balancer`, `domain`, `http`, `scaling`): the
    /// plain stack of 38 resources.
    public static func withoutWebFront(_ text: String) -> String {
        var lines: [Substring] = []
        var skippingDeeperThan: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            if let depth = skippingDeeperThan {
                if line.trimmingCharacters(in: .whitespaces).isEmpty || indent > depth { continue }
                skippingDeeperThan = nil
            }
            let key = line.trimmingCharacters(in: .whitespaces)
            if ["load_balancer:", "http:", "scaling:"].contains(where: { key.hasPrefix($0) }) {
                skippingDeeperThan = indent
                continue
            }
            if key.hasPrefix("domain:") || key.hasPrefix("# One Application Load Balancer") { continue }
            lines.append(line)
        }
        return withoutEmptyMappings(lines).joined(separator: "\n")
    }

    /// Drops each key left with nothing under it (`environments: development:` that held only
    /// `http`), with the comments it held, until none is left.
    private static func withoutEmptyMappings(_ lines: [Substring]) -> [Substring] {
        var lines = lines
        func indent(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
        func isContent(_ line: Substring) -> Bool {
            let text = line.trimmingCharacters(in: .whitespaces)
            return !text.isEmpty && !text.hasPrefix("#")
        }
        var changed = true
        while changed {
            changed = false
            for index in lines.indices where isContent(lines[index]) && lines[index].hasSuffix(":") {
                let next = lines[(index + 1)...].firstIndex(where: isContent)
                if next == nil || indent(lines[next!]) <= indent(lines[index]) {
                    lines.removeSubrange(index..<(next ?? lines.endIndex))
                    changed = true
                    break
                }
            }
        }
        return lines
    }
}
