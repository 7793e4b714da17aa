import AWSCore
import AWSServices
import Foundation

/// IAM users made in the emulator for one test: their own keys, so the emulator's call log
/// holds only that test's calls, and their own policy, so the emulator enforces exactly it.
extension EmulatorConnection {
    public struct UserKeys: Sendable {
        public let userName: String
        public let accessKeyID: String
        public let secretAccessKey: String
    }

    /// A new user allowed `policy` (default: everything).
    public func newUser(_ prefix: String = "test", policy: String = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#) async throws -> UserKeys {
        let iam = IAM(client: client())
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await iam.createUser(.init(UserName: name))
        try await iam.putUserPolicy(.init(UserName: name, PolicyName: "test", PolicyDocument: policy))
        let key = try await iam.createAccessKey(.init(UserName: name)).AccessKey
        guard let id = key?.AccessKeyId, let secret = key?.SecretAccessKey else {
            throw EmulatorUnavailable(reason: "CreateAccessKey for \(name) answered no key")
        }
        return UserKeys(userName: name, accessKeyID: id, secretAccessKey: secret)
    }

    public func client(for user: UserKeys, observer: (@Sendable (AWSCallRecord) -> Void)? = nil) -> AWSClient {
        client(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey, observer: observer)
    }

    /// The write calls (anything but Get/List/Describe/BatchGet/Head/Filter) the emulator saw from this user, but the app lock's.
    public func writeCalls(of user: UserKeys) async throws -> [EmulatorCall] {
        try await calls(accessKeyID: user.accessKeyID).filter { call in
            // Taking and freeing the app's lock change nothing the file describes.
            if call.path?.hasSuffix("/slipway/lock.json") == true { return false }
            let action = call.action ?? ""
            let operation = action.split(separator: " ").first.map(String.init) ?? action
            if ["GET", "HEAD"].contains(operation) { return false }
            return !["Get", "List", "Describe", "BatchGet", "Head", "Filter"].contains { action.hasPrefix($0) }
        }
    }
}
