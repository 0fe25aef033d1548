using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Every layer family the generator knows, one line each.</summary>
internal static class LayerCatalog
{
    public static readonly IReadOnlyList<LayerFamily> Families =
    [
        DenseFamily.Instance,
        DropoutFamily.Instance,
        FlattenFamily.Instance,
        ConvolutionFamily.Instance,
        PoolingFamily.Instance,
        GlobalAveragePool2DFamily.Instance,
        GlobalPool1DFamily.Instance,
        EmbeddingFamily.Instance,
        RecurrentFamily.Instance,
        BatchNormFamily.Instance,
        LayerNormFamily.Instance,
        ActivationFamily.Instance,
        Upsample2DFamily.Instance,
        AddFamily.Instance,
        ConcatenateFamily.Instance,
        Conv2DTransposeFamily.Instance,
    ];

    private static readonly Dictionary<string, LayerFamily> s_byKind = ByKind();

    /// <summary>The family of a layer kind.</summary>
    public static LayerFamily For(string kind) => s_byKind[kind];

    /// <summary>The family of a declared layer.</summary>
    public static LayerFamily For(LayerSpec layer) => s_byKind[layer.Kind];

    private static Dictionary<string, LayerFamily> ByKind()
    {
        var byKind = new Dictionary<string, LayerFamily>(System.StringComparer.Ordinal);
        foreach (LayerFamily family in Families)
        {
            foreach (string kind in family.Kinds) byKind.Add(kind, family);
        }
        return byKind;
    }
}
