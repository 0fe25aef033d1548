using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Embedding tables: token ids in, one learned vector per step out.</summary>
internal sealed partial class EmbeddingFamily : LayerFamily
{
    public static readonly EmbeddingFamily Instance = new();

    private EmbeddingFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.Embedding];
}
