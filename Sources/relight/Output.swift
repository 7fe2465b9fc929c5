import Foundation

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Writes one line to standard output.
func printOut(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Writes text to standard output without a newline (for a progress bar).
func printRaw(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
