using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.CompilerServices;

// Public only because generated code, compiled into the user's assembly, calls it; hidden from IntelliSense.
/// <summary>
/// Float buffers whose working part starts on a 64-byte boundary. Array data in .NET is only 16-byte
/// aligned, so a 512-bit load from it straddles two cache lines three times out of four, which halves
/// load throughput where kernels are load-bound (a single sample through small layers). The arrays are
/// allocated on the pinned heap, so the aligned start never moves.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AlignedArrays
{
    private const int Alignment = 64;
    private const int Slack = Alignment / sizeof(float) - 1;

    /// <summary>The most aligned floats one buffer can hold: an array's limit less the alignment slack.</summary>
    public static int MaxLength => Array.MaxLength - Slack;

    /// <summary>A zeroed, pinned array with room for <paramref name="length"/> aligned floats.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or above <see cref="MaxLength"/>.</exception>
    public static float[] Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        return GC.AllocateArray<float>(length + Slack, pinned: true);
    }

    /// <summary>The first 64-byte aligned element of an array from <see cref="Allocate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe ref float Start(float[] array)
    {
        ref float first = ref MemoryMarshal.GetArrayDataReference(array);
        nint misalignment = (nint)Unsafe.AsPointer(ref first) & (Alignment - 1);
        return ref Unsafe.Add(ref first, (int)((Alignment - misalignment) & (Alignment - 1)) / sizeof(float));
    }

    /// <summary>The aligned working part of an array from <see cref="Allocate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<float> Span(float[] array, int length) => MemoryMarshal.CreateSpan(ref Start(array), length);
}
