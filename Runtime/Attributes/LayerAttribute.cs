namespace NetGen;

/// <summary>
/// What every single-input layer attribute shares: its name, and which earlier layer's output it reads. Layers read the layer
/// above by default, so a chain needs no names; a branch names its input, and <see cref="AddAttribute"/> or
/// <see cref="ConcatenateAttribute"/> joins branches again.
/// </summary>
public abstract class LayerAttribute : Attribute
{
    /// <summary>
    /// The layer's name: the prefix of its tensors in weight files (<c>{Name}.weight</c>, <c>{Name}.bias</c>), its row in
    /// the summary, and what other layers' <see cref="Input"/> and merges refer to. Defaults to the attribute's prefix
    /// and the layer's count among those with it: <c>dense0</c>, <c>conv1</c>, <c>maxpool0</c>, ...
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// The name of an earlier layer whose output this layer reads instead of the layer above's (e.g. <c>"block1"</c>), or
    /// <c>"input"</c> for the network's input. Reading a later layer, or a name no layer has, is an error (NG0043).
    /// </summary>
    public string? Input { get; set; }
}
