using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// A tensor as rows of features, the way merges walk it: an image's positions (its channels the features), a sequence's
/// steps, or a vector's one row; <see cref="Stride"/> floats from one row to the next (padding included), so sample b's
/// row r is flat row b · <see cref="Rows"/> + r.
/// </summary>
internal readonly record struct MergeRows(int Rows, int Features, int Stride)
{
    /// <summary>Floats per sample.</summary>
    public int SampleStride => Rows * Stride;

    public static MergeRows Of(LayerInput tensor) => Of(tensor.Shape, tensor.Width, tensor.Stride, tensor.Image);

    public static MergeRows Output(LayerPlan layer) => Of(layer.OutputShape, layer.OutputWidth, layer.OutputStride, layer.OutputImage);

    private static MergeRows Of(int[] shape, int width, int stride, ImageLayout? image) =>
        image is not null ? new MergeRows(image.Positions, image.Channels, image.ChannelStride)
        : shape.Length == 2 ? new MergeRows(shape[0], shape[1], stride / shape[0])
        : new MergeRows(1, width, stride);

    /// <summary>E.g. <c>[64 positions, 16]</c>: the rows of one sample and the features of a row.</summary>
    public string Describe() => Rows == 1 ? $"[{Features}]" : $"[{Rows} rows, {Features}]";
}
