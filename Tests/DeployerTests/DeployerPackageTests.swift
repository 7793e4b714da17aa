import Foundation
import SlipwayTestSupport
import Testing

/// The packaged Lambda (scripts/package-deployer.sh, which scripts/test runs before the tests):
/// small enough, and loadable on Amazon Linux 2023's glibc 2.34. Without the package this
/// fails (never skips): run `scripts/package-deployer.sh` first.
@Suite("Deployer package")
struct DeployerPackageTests {
    static let packageDirectory = Emulator.repositoryRoot.appendingPathComponent(".build/slipway-deployer")
    static let zip = packageDirectory.appendingPathComponent("slipway-deployer.zip")
    static let bootstrap = packageDirectory.appendingPathComponent("bootstrap")

    static func requirePackage() throws {
        guard FileManager.default.fileExists(atPath: zip.path), FileManager.default.fileExists(atPath: bootstrap.path) else {
            throw PackageMissing(description: "\(zip.path) is missing: run scripts/package-deployer.sh (scripts/test does) before these tests")
        }
    }

    @Test("the zip is at most 15 MB and holds an executable bootstrap that is the packaged one")
    func zipSize() async throws {
        try Self.requirePackage()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: Self.zip.path)[.size] as? Int)
        #expect(size <= 15 * 1024 * 1024, "the zip is \(size) bytes")
        let listing = try await Self.run("/usr/bin/env", ["python3", "-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            for i in z.infolist(): print(i.filename, oct(i.external_attr >> 16), i.file_size)
            """, Self.zip.path])
        let bootstrapSize = try #require(try FileManager.default.attributesOfItem(atPath: Self.bootstrap.path)[.size] as? Int)
        #expect(listing.trimmingCharacters(in: .whitespacesAndNewlines) == "bootstrap 0o100755 \(bootstrapSize)")
    }

    @Test("objdump -T: no symbol needs a GLIBC_ version above 2.34, and only glibc's libraries are needed")
    func glibcVersions() async throws {
        try Self.requirePackage()
        let symbols = try await Self.run("/usr/bin/env", ["objdump", "-T", Self.bootstrap.path])
        let versions = symbols.matches(of: /GLIBC_(\d+)\.(\d+)(?:\.(\d+))?/).map { match in
            (Int(match.output.1)!, Int(match.output.2)!, match.output.3.flatMap { Int($0) } ?? 0)
        }
        #expect(!versions.isEmpty, "objdump -T found no GLIBC_ symbols: is it the right file?")
        let newest = versions.max { $0 < $1 }
        #expect(newest.map { $0 <= (2, 34, 0) } == true, "newest: \(String(describing: newest))")
        let tooNew = symbols.split(separator: "\n").filter { line in
            line.matches(of: /GLIBC_2\.(\d+)/).contains { Int($0.output.1)! > 34 }
        }
        #expect(tooNew.isEmpty, "\(tooNew.joined(separator: "\n"))")

        let headers = try await Self.run("/usr/bin/env", ["objdump", "-p", Self.bootstrap.path])
        let needed = Set(headers.split(separator: "\n").filter { $0.contains("NEEDED") }.compactMap { $0.split(separator: " ").last.map(String.init) })
        #expect(needed.isSubset(of: ["libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libgcc_s.so.1", "ld-linux-x86-64.so.2"]), "\(needed)")
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        let result = try await SlipwayProcess.runProgram(URL(fileURLWithPath: executable), arguments)
        guard result.status == 0 else { throw PackageMissing(description: "\(arguments.first ?? executable) failed (\(result.status))") }
        return result.stdout
    }
}

struct PackageMissing: Error, CustomStringConvertible {
    let description: String
}
