/// How CodeBuild builds a service's image.
public struct BuildSettings: Sendable, Equatable {
    public static let defaultImage = "aws/codebuild/standard:7.0"

    public var compute: Located<BuildCompute>
    public var image: Located<String>

    public init(compute: Located<BuildCompute>, image: Located<String>) {
        self.compute = compute
        self.image = image
    }
}
