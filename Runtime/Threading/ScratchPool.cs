namespace NetGen;

/// <summary>
/// A few reusable scratch objects, handed to one caller at a time: what lets a generated network's
/// <c>Predict</c> run on many threads at once without sharing buffers and without a lock. Taking and
/// returning are one interlocked exchange each when a single thread calls; a caller that finds every slot
/// empty gets null and makes its own, and an object returned to a full pool is left to the collector.
/// Once warm, as many concurrent callers as there are slots allocate nothing.
/// </summary>
public sealed class ScratchPool<T> where T : class
{
    /// <summary>Slots: one per core (at least 2, at most 64), enough for a server calling from every core.</summary>
    private readonly T?[] _slots = new T?[Math.Clamp(Environment.ProcessorCount, 2, 64)];

    /// <summary>An object to use exclusively until <see cref="Return"/>, or null when the pool is empty.</summary>
    public T? Rent()
    {
        T?[] slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            if (Volatile.Read(ref slots[i]) is null) continue;
            if (Interlocked.Exchange(ref slots[i], null) is { } item) return item;
        }
        return null;
    }

    /// <summary>Gives an object back for the next <see cref="Rent"/>; the caller must not touch it afterwards.</summary>
    public void Return(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        T?[] slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            if (Volatile.Read(ref slots[i]) is null && Interlocked.CompareExchange(ref slots[i], item, null) is null) return;
        }
    }
}
