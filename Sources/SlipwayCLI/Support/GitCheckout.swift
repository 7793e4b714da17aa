import Foundation

/// The local Git checkout of a service's repository, for `release --tag`: AWS cannot read a
/// repository's tags through a CodeConnections connection, but the person releasing has them.
struct GitCheckout {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let directory: URL

    /// The checkout at or above `directory` whose `origin` is github.com/{owner}/{repo}; nil otherwise.
    static func of(owner: String, repo: String, from directory: URL) -> GitCheckout? {
        guard let remote = gitHubRemote(in: directory),
              remote.owner.lowercased() == owner.lowercased(), remote.repo.lowercased() == repo.lowercased()
        else { return nil }
        return GitCheckout(directory: directory)
    }

    /// The commit a tag names (an annotated tag's target), or nil when the checkout has no such tag.
    func commit(ofTag tag: String) throws -> String? {
        let output = try git(["rev-parse", "--verify", "--quiet", "refs/tags/\(tag)^{commit}"], allowFailure: true)
        return output.isEmpty ? nil : output
    }

    /// The tags matching any of the globs, newest first (by the tag's date, or its commit's).
    func tags(matching patterns: [String]) throws -> [String] {
        try git(["tag", "--list", "--sort=-creatordate"] + patterns).split(separator: "\n").map(String.init)
    }

    private func git(_ arguments: [String], allowFailure: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.path] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "could not run git to read the checkout's tags (\(error)); pass --commit SHA instead")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 || allowFailure else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "git \(arguments.joined(separator: " ")) failed in \(directory.path): \(text)")
        }
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
    }

    /// The owner and repository of the `origin` remote when it is on GitHub, read from `.git/config`.
    static func gitHubRemote(in directory: URL) -> (owner: String, repo: String)? {
        var folder = directory.standardizedFileURL
        for _ in 0..<8 {
            let config = folder.appendingPathComponent(".git/config").path
            if let text = try? String(contentsOfFile: config, encoding: .utf8) {
                return parseRemote(config: text)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return nil
    }

    static func parseRemote(config: String) -> (owner: String, repo: String)? {
        var inOrigin = false
        for line in config.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("[") { inOrigin = line == "[remote \"origin\"]"; continue }
            guard inOrigin, line.hasPrefix("url") else { continue }
            let url = line.split(separator: "=", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let range = url.range(of: "github.com") else { return nil }
            let path = url[range.upperBound...].drop { $0 == ":" || $0 == "/" }
            let parts = path.split(separator: "/")
            guard parts.count >= 2 else { return nil }
            var repo = String(parts[1])
            if repo.hasSuffix(".git") { repo.removeLast(4) }
            return (String(parts[0]), repo)
        }
        return nil
    }
}
