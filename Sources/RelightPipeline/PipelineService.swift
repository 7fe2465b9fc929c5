import ServiceLifecycle

/// Runs the ``Pipeline`` as a service. On graceful shutdown it stops starting work, lets running
/// local work finish within the drain timeout, and leaves submitted cloud jobs to be resumed.
public struct PipelineService: Service {
    public let pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    public func run() async throws {
        let pipeline = self.pipeline
        await withGracefulShutdownHandler {
            await pipeline.run()
        } onGracefulShutdown: {
            Task { await pipeline.stop() }
        }
    }
}
