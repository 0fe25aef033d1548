namespace NetGen;

/// <summary>
/// A long short-term memory layer, PyTorch's <c>nn.LSTM</c> (one layer, batch first): gates i, f, g, o stacked in that order,
/// c′ = σ(f) ⊙ c + σ(i) ⊙ tanh(g), h′ = σ(o) ⊙ tanh(c′).
/// Reads a sequence [steps, features] and starts from a zero state (or a given one, see <see cref="State"/>). Weight files hold PyTorch's tensors
/// <c>{Name}.weight_ih_l0</c> [4·hidden, features], <c>{Name}.weight_hh_l0</c> [4·hidden, hidden],
/// <c>{Name}.bias_ih_l0</c> and <c>{Name}.bias_hh_l0</c> [4·hidden].
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LSTMAttribute : LayerAttribute
{
    public LSTMAttribute(int hidden) => Hidden = hidden;

    /// <summary>Size of the hidden state.</summary>
    public int Hidden { get; }

    /// <summary>Whether the output is every step's hidden state [steps, hidden] rather than the last one [hidden].</summary>
    public bool ReturnSequences { get; set; }

    /// <summary>
    /// Whether the layer starts from a state you give and exposes the state it ends in, for stateful inference and
    /// step-by-step generation. The network then has, for a layer named N, <c>NInitialHidden(batch)</c>, <c>NInitialCell(batch)</c>
    /// (spans [batch, hidden] you write before Predict or Forward; zero until written), <c>NFinalHidden</c>, <c>NFinalCell</c>
    /// (read after Predict or Forward) and <c>NInitialHiddenGradient</c>, <c>NInitialCellGradient</c> (∂loss/∂initial state after Backward).
    /// </summary>
    public bool State { get; set; }

    /// <summary>
    /// Whether a second cell reads the sequence backwards, as PyTorch's <c>bidirectional=True</c>: its tensors are
    /// <c>{Name}.weight_ih_l0_reverse</c> and so on; every step's output is [forward h_t, reverse h_t] (2·hidden), and
    /// without <see cref="ReturnSequences"/> the output is [forward h at the last step, reverse h at the first step].
    /// </summary>
    public bool Bidirectional { get; set; }
}
