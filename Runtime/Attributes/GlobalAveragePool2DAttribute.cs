namespace NetGen;

/// <summary>Averages each channel of a [channels, height, width] input over all positions: output [channels].</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePool2DAttribute : LayerAttribute;
