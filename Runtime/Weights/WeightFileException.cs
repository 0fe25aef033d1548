namespace NetGen;

/// <summary>
/// A weight file is malformed (truncated, corrupt header, inconsistent offsets) or does not match the
/// network that reads it (missing tensor, wrong dtype or shape). The message names the tensor and
/// gives the expected and the actual values.
/// </summary>
/// <remarks>
/// A dedicated type (rather than <see cref="InvalidDataException"/>, which is sealed) so callers can
/// tell a bad weight file from other I/O problems.
/// </remarks>
public sealed class WeightFileException : Exception
{
    public WeightFileException(string message) : base(message) { }

    public WeightFileException(string message, Exception innerException) : base(message, innerException) { }
}
