using System.ComponentModel;

namespace NetGen.CompilerServices;

// Public only because generated code, compiled into the user's assembly, calls it; hidden from IntelliSense.
/// <summary>
/// Work a <see cref="ParallelRunner"/> splits across threads: generated networks implement it, one
/// stage per layer and pass, each part a disjoint range of rows (or weight rows) of that stage.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IParallelWork
{
    /// <summary>
    /// Runs part <paramref name="part"/> of <paramref name="parts"/> of <paramref name="stage"/>.
    /// <paramref name="input"/> and <paramref name="output"/> are the caller's spans passed to
    /// <see cref="ParallelRunner.Run"/>, pinned for the duration of the stage.
    /// </summary>
    void Execute(int stage, int part, int parts, ref float input, ref float output);
}
