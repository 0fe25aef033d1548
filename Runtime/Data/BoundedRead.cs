namespace NetGen;

/// <summary>
/// Reads a count of bytes that a file's header claims, without trusting the claim: a seekable stream is checked
/// against its length before anything is allocated, a non-seekable one is read in chunks into a buffer that grows
/// only as bytes arrive, so a corrupt header costs at most about twice what the stream really holds.
/// </summary>
internal static class BoundedRead
{
    private const int FirstChunk = 1 << 20;

    /// <summary>The next <paramref name="count"/> bytes of <paramref name="stream"/>, or null when it ends first.</summary>
    public static byte[]? Exactly(Stream stream, int count)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (stream.CanSeek)
        {
            if (stream.Length - stream.Position < count) return null;
            byte[] exact = new byte[count];
            return stream.ReadAtLeast(exact, count, throwOnEndOfStream: false) == count ? exact : null;
        }

        byte[] buffer = new byte[Math.Min(count, FirstChunk)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0) return null;
            filled += read;
        }
        return buffer;
    }

    /// <summary>Moves <paramref name="count"/> bytes on, by seeking when possible; false when the stream ends first.</summary>
    public static bool Skip(Stream stream, long count, Span<byte> scratch)
    {
        if (stream.CanSeek)
        {
            if (stream.Length - stream.Position < count) return false;
            stream.Seek(count, SeekOrigin.Current);
            return true;
        }
        while (count > 0)
        {
            int read = stream.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (read == 0) return false;
            count -= read;
        }
        return true;
    }
}
