import Testing
@testable import RelightConfig

@Suite struct DurationFormatTests {
    static let durations: [(String, Duration)] = [
        ("500ms", .milliseconds(500)), ("2s", .seconds(2)), ("15m", .seconds(900)), ("1h", .seconds(3600)),
        ("1h30m", .seconds(5400)), ("1.5s", .milliseconds(1500)), ("0", .zero), ("0s", .zero),
    ]

    @Test(arguments: durations)
    func parsesDurations(text: String, expected: Duration) {
        #expect(DurationFormat.parse(text) == expected)
    }

    @Test(arguments: ["soon", "10", "5 minutes", "", "s", "1x", "-1s", "1h30"])
    func rejectsNonDurations(text: String) {
        #expect(DurationFormat.parse(text) == nil)
    }

    /// Too long to mean anything, and beyond whole milliseconds in 64 bits: refused, not a trap (a relight.yaml
    /// edit with `settle: 99999999999999h` crashed validate and the running daemon's reload).
    @Test(arguments: ["99999999999999h", "2562047788015h2562047788015h", "99999999999999999999999ms", "300000000h"])
    func rejectsDurationsTooLongToMeanAnything(text: String) {
        #expect(DurationFormat.parse(text) == nil)
    }

    @Test func formatsAnyDurationWithoutTrapping() {
        #expect(DurationFormat.format(.seconds(Int64.max)) == "\(Int64.max)s")
        #expect(DurationFormat.format(.milliseconds(Int64(1e12))) == "277777h46m40s")
    }

    @Test func formatsReadably() {
        #expect(DurationFormat.format(.milliseconds(500)) == "500ms")
        #expect(DurationFormat.format(.seconds(90)) == "1m30s")
        #expect(DurationFormat.format(.seconds(3600)) == "1h")
    }
}

@Suite struct ByteSizeFormatTests {
    static let sizes: [(String, Int64)] = [
        ("512KB", 524_288), ("200MB", 209_715_200), ("2GB", 2_147_483_648), ("1000", 1000),
        ("1.5MB", 1_572_864), ("64 KiB", 65536),
    ]

    @Test(arguments: sizes)
    func parsesSizes(text: String, expected: Int64) {
        #expect(ByteSizeFormat.parse(text) == expected)
    }

    @Test(arguments: ["big", "12XB", "", "-1MB", "MB"])
    func rejectsNonSizes(text: String) {
        #expect(ByteSizeFormat.parse(text) == nil)
    }
}

@Suite struct DidYouMeanTests {
    @Test func suggestsCloseKeys() {
        #expect(DidYouMean.suggestion(for: "profils", among: ConfigParser.WatchKey.all) == "profiles")
        #expect(DidYouMean.suggestion(for: "stat_dir", among: ConfigParser.Key.top) == "state_dir")
        #expect(DidYouMean.suggestion(for: "aspect_ratio", among: LightingProfile.ParameterName.all) == "aspectRatio")
        #expect(DidYouMean.suggestion(for: "stpes", among: LightingProfile.ParameterName.all) == "steps")
    }

    @Test func staysQuietForUnrelatedWords() {
        #expect(DidYouMean.suggestion(for: "banana", among: ConfigParser.Key.top) == nil)
    }
}

@Suite struct CreditFormatTests {
    @Test func creditsPrintAsPeopleWriteThem() {
        #expect(CreditEstimate.format(2) == "2")
        #expect(CreditEstimate.format(0.05) == "0.05")
    }

    /// A journal may hold a cost from before costs were checked: printing it must not trap (Int(1e19) does).
    @Test func anyValuePrints() {
        #expect(CreditEstimate.format(1e19) == "1e+19")
        #expect(CreditEstimate.format(-1e19) == "-1e+19")
        #expect(CreditEstimate.format(.infinity) == "inf")
        #expect(CreditEstimate.format(.nan) == "nan")
    }
}
