import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Something that handles Lambda invocations, one at a time.
public protocol LambdaHandler: Sendable {
    func handle(_ event: [UInt8], context: InvocationContext) async -> InvocationResult
}

/// What becomes of one invocation: a response, or an error Lambda counts as a function error.
public enum InvocationResult: Sendable, Equatable {
    case response([UInt8])
    case error(LambdaError)
}

/// A minimal custom runtime (`provided.al2023`): init, then next → handle → response, forever.
///
/// The loop runs on the main thread with blocking socket calls, and each invocation's async
/// work runs on Swift's cooperative pool; nothing else runs between invocations, so blocking
/// the main thread in `next` costs nothing and keeps the runtime free of an event loop.
public enum LambdaRuntime {
    /// Runs until the Runtime API goes away (then exits 1, and Lambda starts a new sandbox).
    /// `makeHandler` is the init phase: an error there goes to `/init/error`.
    public static func run(variables: [String: String], makeHandler: () throws -> any LambdaHandler) -> Never {
        resetSignals()
        guard let address = variables["AWS_LAMBDA_RUNTIME_API"], !address.isEmpty else {
            fail("AWS_LAMBDA_RUNTIME_API is not set: this program runs as an AWS Lambda custom runtime (bootstrap)")
        }
        let api: RuntimeAPIClient
        do { api = try RuntimeAPIClient(address: address) } catch { fail(error.description) }
        fail(serve(api, makeHandler: makeHandler).description)
    }

    /// Why `serve` returned.
    public enum Stop: Sendable, Equatable, CustomStringConvertible {
        case initFailed(String)
        case runtimeAPIFailed(String)

        public var description: String {
            switch self {
            case .initFailed(let message): "init failed: \(message)"
            case .runtimeAPIFailed(let message): message
            }
        }
    }

    /// The runtime's work over any Runtime API: init, then next → handle → result, until the
    /// API fails. Blocks its thread (the main thread in Lambda) while each invocation runs on
    /// Swift's cooperative pool.
    /// `setTraceID` is where the X-Ray trace id goes (`_X_AMZN_TRACE_ID`, the process's variable).
    public static func serve(_ api: some RuntimeAPI, setTraceID: (String?) -> Void = LambdaRuntime.setTraceID,
                             makeHandler: () throws -> any LambdaHandler) -> Stop {
        let handler: any LambdaHandler
        do {
            handler = try makeHandler()
        } catch {
            let message = String(describing: error)
            do { try api.reportInitError(LambdaError(type: "Runtime.InitError", message: message)) } catch { log("could not report the init error: \(error)") }
            return .initFailed(message)
        }

        while true {
            let invocation: Invocation
            do { invocation = try api.next() } catch { return .runtimeAPIFailed(error.description) }
            setTraceID(invocation.traceID)
            let result = waitFor { await handler.handle(invocation.body, context: invocation.context) }
            do {
                switch result {
                case .response(let body): try api.respond(requestID: invocation.requestID, body: body)
                case .error(let error): try api.reportError(requestID: invocation.requestID, error)
                }
            } catch {
                log("could not post the result of invocation \(invocation.requestID): \(error)")
            }
        }
    }

    public static func setTraceID(_ trace: String?) {
        if let trace { setenv("_X_AMZN_TRACE_ID", trace, 1) } else { unsetenv("_X_AMZN_TRACE_ID") }
    }

    /// Runs async work from the (synchronous) main thread and waits for it.
    static func waitFor<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    /// A runtime starts with whatever signal mask its parent had (a test harness may block
    /// SIGTERM in all its threads); Lambda stops sandboxes with SIGTERM and SIGKILL, so SIGTERM
    /// must end this process. Done first, so that every thread started later inherits it.
    static func resetSignals() {
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
        signal(SIGPIPE, SIG_IGN)
    }

    static func log(_ message: String) {
        let line = Array("slipway-deployer: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func fail(_ message: String) -> Never {
        log(message)
        exit(1)
    }
}

/// Carries a value out of a task to the waiting main thread (the semaphore orders the accesses).
private final class ResultBox<Value>: @unchecked Sendable {
    var value: Value?
}
