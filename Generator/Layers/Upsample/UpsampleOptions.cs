using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>An Upsample2D layer's factors along height and width, and whether it interpolates bilinearly (else nearest).</summary>
internal sealed record UpsampleOptions(int ScaleHeight, int ScaleWidth, bool Bilinear) : LayerOptions
{
    public static UpsampleOptions Of(LayerSpec layer) => (UpsampleOptions)layer.Options!;
}
