import Foundation
import SlipwayConfig

/// Helpers that load a config text and return what a user would see.
enum ConfigTestSupport {
    /// The rendered error lines, or an empty list when the text is valid.
    static func errorLines(_ text: String, environment: [String: String] = [:]) -> [String] {
        do {
            _ = try ConfigLoader.load(text: text, fileName: "slipway.yml", variables: environment)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    /// `ExampleConfig.minimal` (13 lines) with `lines` added after its last line.
    static func minimal(appending lines: String) -> String {
        ExampleConfig.minimal + lines
    }

    /// `ExampleConfig.minimal` with the first occurrence of `target` replaced.
    static func minimal(replacing target: String, with replacement: String) -> String {
        guard let range = ExampleConfig.minimal.range(of: target) else {
            preconditionFailure("the minimal config has no '\(target)'")
        }
        return ExampleConfig.minimal.replacingCharacters(in: range, with: replacement)
    }

    /// `ExampleConfig.webMinimal` (16 lines) with `lines` added after its last line.
    static func webMinimal(appending lines: String) -> String {
        ExampleConfig.webMinimal + lines
    }

    /// `ExampleConfig.webMinimal` with the first occurrence of `target` replaced.
    static func webMinimal(replacing target: String, with replacement: String) -> String {
        guard let range = ExampleConfig.webMinimal.range(of: target) else {
            preconditionFailure("the web config has no '\(target)'")
        }
        return ExampleConfig.webMinimal.replacingCharacters(in: range, with: replacement)
    }
}
