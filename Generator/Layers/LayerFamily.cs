using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>
/// One family of layers (Dense, convolutions, recurrent cells, ...): everything the generator knows about it. The
/// network shell asks the family of each layer for its part of every generated member and knows no layer kind;
/// <see cref="LayerCatalog"/> lists the families.
/// </summary>
/// <remarks>
/// Declaration (attribute reading, shape rule, placement in the buffers, summary name) is in LayerFamily.Declaration.cs;
/// emission (fields, buffers, parameter views, pass steps, kernels, weight tensors) here. A family's own files sit
/// together in its folder under Layers/: <c>XFamily.cs</c> emits, <c>XFamily.Declaration.cs</c> declares.
/// </remarks>
internal abstract partial class LayerFamily
{
    /// <summary>The layer kinds of this family (a family may cover several close kinds, e.g. max and average pooling).</summary>
    public abstract IReadOnlyList<LayerKind> Kinds { get; }
}
