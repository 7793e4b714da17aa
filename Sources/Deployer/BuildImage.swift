import AWSCore

/// The image the Build stage produced, as its artifact names it: `imageDetail.json`
/// (`{"ImageURI": "…@sha256:…"}`) or `imagedefinitions.json` (`[{"name": …, "imageUri": …}]`).
public struct BuildImage: Sendable, Equatable {
    /// The image reference, pinned by digest: `registry/repository@sha256:…`.
    public let uri: String
    /// The artifact file it came from.
    public let file: String

    public init(uri: String, file: String) {
        self.uri = uri
        self.file = file
    }

    public static let imageDetailFile = "imageDetail.json"
    public static let imageDefinitionsFile = "imagedefinitions.json"

    /// Finds the image for `container` in a zipped artifact. `imageDetail.json` wins when both
    /// files are there; the file nearest the artifact's root wins over deeper ones.
    public static func read(zip: [UInt8], container: String) throws(BuildImageError) -> BuildImage {
        let archive: ZipArchive
        do { archive = try ZipArchive(zip) } catch { throw BuildImageError(error.description) }
        let candidates = archive.entries.filter {
            !$0.isDirectory && ($0.fileName == imageDetailFile || $0.fileName == imageDefinitionsFile)
        }.sorted { a, b in
            (a.fileName == imageDetailFile ? 0 : 1, a.path.split(separator: "/").count, a.path)
                < (b.fileName == imageDetailFile ? 0 : 1, b.path.split(separator: "/").count, b.path)
        }
        guard let entry = candidates.first else {
            let listed = archive.entries.prefix(10).map(\.path).joined(separator: ", ")
            throw BuildImageError("the build artifact has neither \(imageDetailFile) nor \(imageDefinitionsFile)"
                + " (it holds \(archive.entries.count) files\(listed.isEmpty ? "" : ": " + listed)); the buildspec must write one of them")
        }
        let contents: [UInt8]
        do { contents = try archive.contents(of: entry) } catch { throw BuildImageError("\(entry.path): \(error.description)") }
        let uri = try entry.fileName == imageDetailFile
            ? imageDetailURI(contents, file: entry.path)
            : imageDefinitionsURI(contents, file: entry.path, container: container)
        try check(uri, file: entry.path)
        return BuildImage(uri: uri, file: entry.path)
    }

    static func imageDetailURI(_ contents: [UInt8], file: String) throws(BuildImageError) -> String {
        guard let document = try? JSONValue.parse(contents), case .object = document else {
            throw BuildImageError("\(file) is not a JSON object such as {\"ImageURI\": \"…@sha256:…\"}")
        }
        guard let uri = document["ImageURI"]?.stringValue else {
            throw BuildImageError("\(file) has no \"ImageURI\" string")
        }
        return uri
    }

    static func imageDefinitionsURI(_ contents: [UInt8], file: String, container: String) throws(BuildImageError) -> String {
        guard let document = try? JSONValue.parse(contents), case .array(let items) = document else {
            throw BuildImageError("\(file) is not a JSON array such as [{\"name\": \"\(container)\", \"imageUri\": \"…@sha256:…\"}]")
        }
        let names = items.compactMap { $0["name"]?.stringValue }
        guard let item = items.first(where: { $0["name"]?.stringValue == container }) else {
            throw BuildImageError("\(file) has no entry named '\(container)' (it names: \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
        }
        guard let uri = item["imageUri"]?.stringValue else {
            throw BuildImageError("\(file): the entry '\(container)' has no \"imageUri\" string")
        }
        return uri
    }

    /// The deployer deploys exactly what was built, so a tag alone (which can move) is refused.
    static func check(_ uri: String, file: String) throws(BuildImageError) {
        guard !uri.isEmpty, uri.count <= 1024, !uri.contains(where: { $0.isWhitespace }) else {
            throw BuildImageError("\(file) names the image '\(uri.prefix(200))', which is not an image reference")
        }
        guard let at = uri.firstIndex(of: "@") else {
            throw BuildImageError("\(file) names the image '\(uri)' by tag only; write it with its digest"
                + " (repository@sha256:…, e.g. from `docker inspect --format '{{index .RepoDigests 0}}'`) so that exactly the built image is deployed")
        }
        let digest = uri[uri.index(after: at)...]
        let hex = digest.dropFirst("sha256:".count)
        guard digest.hasPrefix("sha256:"), hex.count == 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }), at != uri.startIndex else {
            throw BuildImageError("\(file) names the image '\(uri)', whose digest is not sha256: followed by 64 hex digits")
        }
    }
}

/// Why no image could be read from the Build stage's artifact.
public struct BuildImageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
