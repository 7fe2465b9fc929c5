import ArgumentParser

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The config file. Default: $RELIGHT_CONFIG, ./relight.yaml, ~/.config/relight/relight.yaml, /etc/relight/relight.yaml.", valueName: "path"))
    var config: String?
}
