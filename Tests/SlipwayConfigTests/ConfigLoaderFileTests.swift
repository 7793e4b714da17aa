import Foundation
import SlipwayConfig
import Testing

@Suite struct ConfigLoaderFileTests {
    @Test func loadsAFileAndNamesErrorsAfterItsPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("slipway.yml").path
        try ExampleConfig.text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ConfigLoader.load(path: path, variables: [:]).app.value == "dbmi")

        try "app: shop\nregoin: x\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ConfigLoader.load(path: path, variables: [:])
            Issue.record("an incomplete file loaded")
        } catch {
            #expect(
                error.errors.map(\.description).contains(
                    "\(path):2:1: unknown key 'regoin' at the top level; did you mean 'region'?"))
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect(
            throws: ConfigErrors([
                ConfigError(
                    file: "/nonexistent/slipway.yml", line: 0, column: 0,
                    message: "no such file; create it with 'slipway init' or pass its path with -f")
            ])
        ) {
            try ConfigLoader.load(path: "/nonexistent/slipway.yml", variables: [:])
        }
        let error = ConfigError(file: "/nonexistent/slipway.yml", line: 0, column: 0, message: "no such file")
        #expect(error.description == "/nonexistent/slipway.yml: no such file")
    }

    @Test func aDirectoryIsNotAFile() {
        #expect(
            throws: ConfigErrors([
                ConfigError(
                    file: "/tmp", line: 0, column: 0,
                    message: "is a directory, not a file; pass the path of slipway.yml with -f")
            ])
        ) {
            try ConfigLoader.load(path: "/tmp", variables: [:])
        }
    }
}
