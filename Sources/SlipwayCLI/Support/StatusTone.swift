import AWSServices
import SlipwayEngine

/// What a status means to the person reading it, whichever service reported it; `Style` gives
/// each tone its one mark and colour.
enum StatusTone: Sendable {
    case succeeded
    case failed
    case running
    /// Waiting on a person (a connection's GitHub handshake).
    case needsAttention
    /// Replaced by a newer run before it finished.
    case superseded
    case unknown
}

/// A status word of one of AWS's services, with its tone.
protocol StatusWord {
    var rawValue: String { get }
    var tone: StatusTone { get }
}

extension CodePipeline.PipelineExecutionStatus: StatusWord {
    var tone: StatusTone {
        switch self {
        case .succeeded: .succeeded
        case .failed, .stopped, .cancelled: .failed
        case .inProgress, .stopping: .running
        case .superseded: .superseded
        default: .unknown
        }
    }
}

extension CodePipeline.StageExecutionStatus: StatusWord {
    var tone: StatusTone {
        switch self {
        case .succeeded: .succeeded
        case .failed, .stopped, .cancelled: .failed
        case .inProgress, .stopping: .running
        default: .unknown
        }
    }
}

extension CodePipeline.ActionExecutionStatus: StatusWord {
    var tone: StatusTone {
        switch self {
        case .succeeded: .succeeded
        case .failed, .abandoned: .failed
        case .inProgress: .running
        default: .unknown
        }
    }
}

extension ECS.DeploymentRolloutState: StatusWord {
    var tone: StatusTone {
        switch self {
        case .completed: .succeeded
        case .failed: .failed
        case .inProgress: .running
        default: .unknown
        }
    }
}

extension CodeConnections.ConnectionStatus: StatusWord {
    var tone: StatusTone {
        switch self {
        case .available: .succeeded
        case .error, .notFound: .failed
        case .pending: .needsAttention
        default: .unknown
        }
    }
}

extension CodeBuild.StatusType: StatusWord {
    var tone: StatusTone {
        switch self {
        case .succeeded: .succeeded
        case .failed, .fault, .timedOut, .stopped: .failed
        case .inProgress: .running
        default: .unknown
        }
    }
}

extension ELBv2.TargetHealthStateEnum: StatusWord {
    var tone: StatusTone {
        switch self {
        case .healthy: .succeeded
        case .unhealthy, .unavailable: .failed
        case .initial, .draining: .running
        default: .unknown
        }
    }
}

extension Style {
    /// The mark of a status: ✓ ✗ ↻ ! ↷, `·` for none (never ran), `?` for a word Slipway does not know.
    func mark(_ status: (any StatusWord)?) -> String {
        guard let status else { return dim("·") }
        return switch status.tone {
        case .succeeded: green("✓")
        case .failed: red("✗")
        case .running: yellow("↻")
        case .needsAttention: yellow("!")
        case .superseded: dim("↷")
        case .unknown: dim("?")
        }
    }

    /// The status word in its tone's colour; `none` when there is no status.
    func status(_ status: (any StatusWord)?, none: String = "never run") -> String {
        guard let status else { return dim(none) }
        return paint(status.rawValue, status.tone)
    }

    func paint(_ text: String, _ tone: StatusTone) -> String {
        switch tone {
        case .succeeded: green(text)
        case .failed: red(text)
        case .running, .needsAttention: yellow(text)
        case .superseded, .unknown: dim(text)
        }
    }
}
