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
        if (named.Input is { } input) layer = layer with { Inputs = new EquatableArray<string>(new[] { input }) };
        // The layer's own activation: a named argument on most layers, the constructor argument of [Activation].
        if (!Enum.IsDefined(typeof(ActivationKind), layer.Activation))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownActivation, location, named.Name,
                ((int)layer.Activation).ToString(CultureInfo.InvariantCulture)));
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
            if (attribute.Kind == layer.Kind && (found is null || attribute.OneD == IsOneD(layer))) found = attribute;
        }
        return found!.Name;
    }

    /// <summary>Whether the layer was declared with the 1-D attribute of its kind (<c>Conv1D</c>, not <c>Conv2D</c>).</summary>
    protected virtual bool IsOneD(LayerSpec layer) => false;

    /// <summary>
    /// The output shape of layer <paramref name="index"/> (of this family) from its input shape, adding its parameters to
    /// <paramref name="parameters"/> as the planner lays them out (rows padded to 16 floats); null when the input does not
    /// fit or a size is out of range, which is reported. Sizes are worked out without overflow and held to
    /// <see cref="BufferLimit"/>.
    /// </summary>
    public abstract int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters);

    /// <summary>Whether the layers read several tensors (Add, Concatenate); the shell then asks <see cref="MergedShape"/>, not <see cref="OutputShape"/>.</summary>
    public virtual bool Merges => false;

    /// <summary>
    /// A merging layer's output shape from the tensors it reads (their names as diagnostics give them, and their shapes);
    /// null when they do not fit, which is reported (NG0044).
    /// </summary>
    public virtual int[]? MergedShape(int index, EquatableArray<LayerSpec> layers, IReadOnlyList<(string Name, int[] Shape)> inputs, List<ShapeError> errors) => null;

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

    /// <summary>
    /// Where a layer of this family writes its output, and its slices of the parameter and state buffers, placed at
    /// <paramref name="parameterOffset"/> and <paramref name="stateOffset"/>, which move past them.
    /// </summary>
    public abstract LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset);

    /// <summary>
    /// A weight matrix [rows, units padded] and, with a bias, a bias row [units padded], placed at <paramref name="offset"/>
    /// (which moves past them): the parameters of Dense layers and convolutions.
    /// </summary>
    protected static LayerPlacement PlaceWeights(LayerSpec layer, int rows, int outputStride, ImageLayout? outputImage, ref int offset)
    {
        int units = layer.Units, padded = Planner.RoundUp(units);
        int weightOffset = offset, biasOffset = -1, count = rows * units;
        offset += rows * padded;
        if (layer.HasBias)
        {
            biasOffset = offset;
            offset += padded;
            count += units;
        }
        return new LayerPlacement(outputStride, outputImage, WeightOffset: weightOffset, BiasOffset: biasOffset, ParameterCount: count);
    }

    /// <summary>Whether the layer acts only in training (dropout): inference skips it, so it needs no inference buffer.</summary>
    public virtual bool OnlyInTraining => false;

    /// <summary>
    /// Whether the layer, first to read the network input, reads it with its channels unpadded (one float per pixel for one
    /// channel): a convolution only unfolds its input with block copies.
    /// </summary>
    public virtual bool ReadsInputUnpadded => false;

    /// <summary>
    /// Whether the layer's windows tile its input exactly (stride = window, no padding, nothing left over), so its backward
    /// writes every input gradient once and may also apply the ReLU derivative of a layer that <see cref="LendsReluBackward"/>.
    /// </summary>
    public virtual bool TilesInput(LayerPlan layer) => false;

    /// <summary>Whether the layer's ReLU backward may be left to a tiling pooling that reads its output (which already reads it).</summary>
    public virtual bool LendsReluBackward => false;

    /// <summary>The layer's type in the network summary, e.g. <c>Conv2D 3x3 s2 (ReLU)</c>: by default the attribute's name.</summary>
    public virtual string SummaryType(LayerSpec layer) => DeclaredName(layer);
}
