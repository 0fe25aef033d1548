using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// The declaration side of a family: reading its attributes into <see cref="LayerSpec"/>s, its shape rule, its place in
/// the network's buffers and its name in the summary. The parser, <see cref="Planning.ShapeInference"/>, the
/// <see cref="Planning.Planner"/> and the summary loop over the families and ask these.
/// </summary>
internal abstract partial class LayerFamily
{
    /// <summary>The attributes that declare layers of this family.</summary>
    public abstract IReadOnlyList<LayerAttribute> Attributes { get; }

    /// <summary>
    /// The layer one of this family's attributes declares (named <paramref name="defaultName"/> unless it says otherwise),
    /// reporting an activation <c>NetGen.Activation</c> does not define; null when its constructor arguments are not the
    /// expected ones, which is already a compiler error, so the layer is skipped quietly.
    /// </summary>
    public LayerSpec? Read(LayerAttribute declared, AttributeData attribute, string defaultName, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var named = new LayerArguments(attribute.NamedArguments, defaultName);
        LayerSpec? layer = Read(declared, attribute.ConstructorArguments, named);
        if (layer is null) return null;
        if (!Enum.IsDefined(typeof(ActivationKind), named.Activation))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownActivation, location, named.Name,
                ((int)named.Activation).ToString(CultureInfo.InvariantCulture)));
        }
        return layer;
    }

    /// <summary>The layer an attribute declares from its constructor and named arguments, or null when the constructor arguments do not fit.</summary>
    protected abstract LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named);

    /// <summary>The attribute a layer was declared with, as the user writes it (<c>Conv1D</c>, <c>LSTM</c>): the type diagnostics name.</summary>
    public string DeclaredName(LayerSpec layer)
    {
        // A kind may have a 1-D and a 2-D attribute; the layer's own form decides between them.
        LayerAttribute? found = null;
        foreach (LayerAttribute attribute in Attributes)
        {
            if (attribute.Kind == layer.Kind && (found is null || attribute.OneD == layer.OneD)) found = attribute;
        }
        return found!.Name;
    }

    /// <summary>
    /// The output shape of layer <paramref name="index"/> (of this family) from its input shape, adding its parameters to
    /// <paramref name="parameters"/> as the planner lays them out (rows padded to 16 floats); null when the input does not
    /// fit or a size is out of range, which is reported. Sizes are worked out without overflow and held to
    /// <see cref="BufferLimit"/>.
    /// </summary>
    public abstract int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters);

    /// <summary>Whether softmax as the layer's activation would normalize the channels of each position, which is not offered.</summary>
    public virtual bool SoftmaxOverChannels => false;

    /// <summary>Whether the layers read or write sequences [steps, features]: a network with one reads its rank-2 shapes as sequences.</summary>
    public virtual bool WorksOnSequences => false;

    /// <summary>Whether the layers work on channels-last images (and do not mix with sequences yet).</summary>
    public virtual bool WorksOnImages => false;

    /// <summary>Whether the layer reads an input of this rank as an image, so that a network input it reads is laid out channels last.</summary>
    public virtual bool ReadsImage(int inputRank, bool sequenceNetwork) => WorksOnImages;

    /// <summary>Whether the layer's output keeps the layout and stride of its input (so its buffer is no larger).</summary>
    public virtual bool KeepsLayout(int[] input) => false;

    /// <summary>
    /// True when the per-sample buffers the layer needs besides its output fit <see cref="BufferLimit"/>; otherwise reports
    /// the first that does not. <paramref name="channelStride"/> is the floats per position of the image it reads, when known.
    /// </summary>
    public virtual bool FitsWorkBuffers(int index, LayerSpec layer, int[] input, int[] output, int? channelStride, List<ShapeError> errors) => true;

    /// <summary>In a network with sequence layers, whose rank-2 shapes are [steps, features], what the layer cannot do with its input; null when nothing.</summary>
    public virtual ShapeError? InSequenceNetwork(int index, LayerSpec layer, int[] input) => null;
}
