/// How camera RAW sources become pixels (`raw:` in relight.yaml).
public enum RawMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// LibRaw demosaics the sensor data: camera white balance, 16 bits, full size. The default.
    case develop
    /// The camera's embedded full-size JPEG, when there is one (much faster, 8 bits, the camera's
    /// own rendering); a RAW whose preview is small is developed instead.
    case preview
}
