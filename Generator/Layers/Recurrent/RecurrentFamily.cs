using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Recurrent layers (Elman RNN, LSTM, GRU), one or two directions, with optional carried state.</summary>
internal sealed partial class RecurrentFamily : LayerFamily
{
    public static readonly RecurrentFamily Instance = new();

    private RecurrentFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.SimpleRNN, LayerKind.LSTM, LayerKind.GRU];
}
