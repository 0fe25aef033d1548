namespace NetGen;

/// <summary>
/// A caller's stream, read forward, with the bytes already taken from it to recognise its format put back in front.
/// It counts the bytes that pass and keeps the last eight, where a gzip file keeps its trailer. Disposing it leaves the
/// caller's stream open: the caller opened it and closes it.
/// </summary>
internal sealed class PeekedInput : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _peeked;
    private int _peekedRead;
    private readonly byte[] _last = new byte[8];

    public PeekedInput(Stream inner, byte[] peeked)
    {
        _inner = inner;
        _peeked = peeked;
    }

    /// <summary>Bytes read through this stream so far.</summary>
    public long Count { get; private set; }

    /// <summary>The last min(8, <see cref="Count"/>) bytes read, oldest first.</summary>
    public ReadOnlySpan<byte> Last => _last.AsSpan(8 - (int)Math.Min(8, Count));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        if (_peekedRead < _peeked.Length)
        {
            read = Math.Min(buffer.Length, _peeked.Length - _peekedRead);
            _peeked.AsSpan(_peekedRead, read).CopyTo(buffer);
            _peekedRead += read;
        }
        else
        {
            read = _inner.Read(buffer);
        }
        Remember(buffer[..read]);
        return read;
    }

    private void Remember(ReadOnlySpan<byte> read)
    {
        Count += read.Length;
        if (read.Length >= 8)
        {
            read[^8..].CopyTo(_last);
            return;
        }
        _last.AsSpan(read.Length).CopyTo(_last);
        read.CopyTo(_last.AsSpan(8 - read.Length));
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
