// AWSCore uses only FoundationEssentials where it exists, so the deployer stays small.
#if canImport(FoundationEssentials)
@_exported import FoundationEssentials
#else
@_exported import Foundation
#endif
