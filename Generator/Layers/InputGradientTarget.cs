namespace NetGen.Generator.Layers;

/// <summary>
/// Where the gradient of one input of a merging layer goes: the kept input (<paramref name="Input"/>), its gradient buffer
/// for the whole batch and for a part (ref expressions), the condition under which it is needed, and whether an earlier
/// step of backward already wrote it (another reader of the same tensor), so this one adds instead of overwriting.
/// </summary>
internal sealed record InputGradientTarget(string Input, string Whole, string Part, string Needed, bool Accumulate, int Stride)
{
    /// <summary>The first row of a part of the gradient.</summary>
    public string PartRows => ForwardPass.Rows(Part, Stride);
}
