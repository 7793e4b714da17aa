import Logging

/// Diagnostics go to stderr through swift-log; `--verbose` lowers the level to show each AWS call.
enum Diagnostics {
    static func logger(verbose: Bool) -> Logger {
        var logger = Logger(label: "slipway") { label in StderrLogHandler() }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}

/// One line per message on stderr, without swift-log's timestamp and label noise.
struct StderrLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let prefix = event.level >= .warning ? "slipway: \(event.level): " : "  aws: "
        Terminal.writeError(prefix + "\(event.message)\n")
    }
}
