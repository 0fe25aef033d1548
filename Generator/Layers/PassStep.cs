namespace NetGen.Generator.Layers;

/// <summary>
/// One step of a generated pass: the call over the whole batch, the same call for one part's rows (null: the step
/// runs on the calling thread only), and the condition that guards it (null: always).
/// </summary>
/// <remarks>A class, not a record: steps are told apart by identity when the shell numbers the parallel stages.</remarks>
internal sealed class PassStep(string comment, string whole, string? part, string? condition = null)
{
    public string Comment { get; } = comment;

    public string Whole { get; } = whole;

    public string? Part { get; } = part;

    public string? Condition { get; } = condition;
}
