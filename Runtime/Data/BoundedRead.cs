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
        if (stream.CanSeek && stream.Length - stream.Position < count) return null;
        (byte[] buffer, int filled) = UpTo(stream, count);
        return filled == count ? buffer : null;
    }

    /// <summary>
    /// Up to <paramref name="count"/> bytes of <paramref name="stream"/>: a buffer of exactly <paramref name="count"/>
    /// bytes when the stream held them all, otherwise the Filled bytes it held before it ended.
    /// </summary>
    public static (byte[] Buffer, int Filled) UpTo(Stream stream, int count)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (stream.CanSeek && stream.Length - stream.Position < count)
        {
            count = (int)Math.Max(0, stream.Length - stream.Position);
        }
        byte[] buffer = new byte[stream.CanSeek ? count : Math.Min(count, FirstChunk)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0) break;
            filled += read;
        }
        return (buffer, filled);
    }

    /// <summary>How many bytes <paramref name="stream"/> holds from its position on, counted by reading them when it cannot seek.</summary>
    public static long Remaining(Stream stream)
    {
        if (stream.CanSeek) return Math.Max(0, stream.Length - stream.Position);
        Span<byte> scratch = stackalloc byte[4096];
        long count = 0;
        for (int read; (read = stream.Read(scratch)) > 0;) count += read;
        return count;
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
