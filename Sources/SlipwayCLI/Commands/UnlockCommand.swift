import ArgumentParser
import SlipwayEngine

/// `slipway unlock ID`: frees the app's lock that a run which is gone left behind.
struct UnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Free the app's lock with this ID, left by a run that is gone (the ID is in the message of the command it stopped).",
        discussion: "Frees only the lock with that ID: a lock another run took since is left alone, and named.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The lock's ID.", valueName: "id"))
    var id: String

    struct Freed: Encodable {
        let id: String
        let command: String
        let caller: String
        let host: String
        let pid: Int
        let since: String
    }

    func run() async throws {
        try await CommandRunner.run {
            let session = try await AppSession.open(options)
            let bucket = session.file.names.artifactBucket(account: session.account, region: session.client.region)
            let holder = try await AppLock.unlock(client: session.client, bucket: bucket, id: id)
            let record = holder.record
            switch options.output {
            case .json:
                try JSONOutput.print(Freed(id: record.id, command: record.command, caller: record.caller, host: record.host, pid: record.pid, since: record.since))
            case .text:
                Terminal.write("Freed the lock \(record.id) of \(holder.summary).\n")
            }
        }
    }
}
