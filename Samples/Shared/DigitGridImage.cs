using System.Buffers.Binary;
using System.IO.Compression;

/// <summary>
/// Writes square grayscale images (e.g. 28×28 digits, values in [0, 1], white ink on black as in MNIST)
/// as one grid in an 8-bit grayscale PNG that any image viewer opens, with a 2-pixel gap between tiles.
/// </summary>
internal static class DigitGridImage
{
    private const int Gap = 2;

    /// <summary>
    /// Tiles <paramref name="images"/> ([count, side·side], row-major) <paramref name="columns"/> to a row
    /// and writes them to <paramref name="path"/>; values are clamped to [0, 1].
    /// </summary>
    public static void WritePng(string path, ReadOnlySpan<float> images, int side, int columns)
    {
        int count = images.Length / (side * side);
        int rows = (count + columns - 1) / columns;
        int width = columns * side + (columns + 1) * Gap, height = rows * side + (rows + 1) * Gap;
        byte[] pixels = new byte[height * width];
        Array.Fill(pixels, (byte)64); // grey gaps tell the tiles apart
        for (int n = 0; n < count; n++)
        {
            int top = Gap + n / columns * (side + Gap), left = Gap + n % columns * (side + Gap);
            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                {
                    float value = Math.Clamp(images[n * side * side + y * side + x], 0f, 1f);
                    pixels[(top + y) * width + left + x] = (byte)MathF.Round(value * 255f);
                }
            }
        }

        // PNG: signature, IHDR (8-bit grayscale), one zlib-compressed IDAT of rows each led by filter 0, IEND.
        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), compression 0, filter 0, no interlace follow as zeros
        WriteChunk(file, "IHDR", header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(pixels, y * width, width);
            }
        }
        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> field = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(field, data.Length);
        stream.Write(field);
        byte[] typeAndData = new byte[4 + data.Length];
        for (int i = 0; i < 4; i++) typeAndData[i] = (byte)type[i];
        data.CopyTo(typeAndData, 4);
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(field, Crc32(typeAndData));
        stream.Write(field);
    }

    // CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xEDB88320), bit by bit: the images are small.
    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
