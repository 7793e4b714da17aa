/// A CodeBuild compute type that a Linux container build can use.
public enum BuildCompute: String, Sendable, Hashable, CaseIterable {
    case small = "BUILD_GENERAL1_SMALL"
    case medium = "BUILD_GENERAL1_MEDIUM"
    case large = "BUILD_GENERAL1_LARGE"
    case xlarge = "BUILD_GENERAL1_XLARGE"
    case xxlarge = "BUILD_GENERAL1_2XLARGE"
}
