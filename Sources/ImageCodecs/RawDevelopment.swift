/// How a camera RAW becomes pixels (relight.yaml's `raw:`).
public enum RawDevelopment: String, Sendable, Equatable, CaseIterable {
    /// LibRaw demosaics the sensor data: camera white balance, 16 bits, sRGB.
    case develop
    /// The camera's embedded JPEG when it is full size (much faster); otherwise ``develop``.
    case preview
}
