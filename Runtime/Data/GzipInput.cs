namespace NetGen;

/// <summary>
/// Opens a data stream for reading forward, decompressing it as it is read when it starts with the gzip magic bytes
/// 1f 8b, so loaders accept "train-images-idx3-ubyte" and "train-images-idx3-ubyte.gz" alike without the caller saying
/// which it has, and without holding the whole file in memory first.
/// </summary>
internal static class GzipInput
{
    /// <summary>Whether <paramref name="start"/>, a stream's first bytes, is the gzip magic 1f 8b.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> start) => start.Length >= 2 && start[0] == 0x1f && start[1] == 0x8b;

    /// <summary>
    /// A forward-only stream over the content of <paramref name="stream"/>, gunzipped if it is gzip, from its current
    /// position. Disposing it leaves <paramref name="stream"/> open. A gzip stream's reads throw
    /// <see cref="InvalidDataException"/> when the data is corrupt or, at its end, truncated.
    /// </summary>
    public static Stream Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] magic = new byte[2];
        int got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        var input = new PeekedInput(stream, magic[..got]);
        return IsGzip(magic.AsSpan(0, got)) ? new CheckedGzipStream(input) : input;
    }
}
