import ArgumentParser

/// Prints that a command has not landed yet and exits 1: the command exists so `--help` shows the whole product.
func notYetAvailable(_ command: String) throws -> Never {
    printError("\(command) is not yet available in this build.")
    throw ExitCode.failure
}
