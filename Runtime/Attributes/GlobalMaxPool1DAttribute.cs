namespace NetGen;

/// <summary>
/// The maximum of each feature over all steps: a sequence [steps, features] (an Embedding's output, or a SimpleRNN, LSTM
/// or GRU with <c>ReturnSequences = true</c>, bidirectional included) becomes [features], as Keras's
/// <c>GlobalMaxPooling1D</c> or PyTorch's <c>out.max(dim=1)</c>; in a network without sequence layers a 1-D image
/// [channels, length] (after Conv1D or 1-D pooling) becomes [channels], as PyTorch's <c>nn.AdaptiveMaxPool1d(1)</c>.
/// With <c>VariableLength = true</c> the maximum is over each sample's real steps only. The gradient goes to the first
/// step holding the maximum (PyTorch's choice for ties).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalMaxPool1DAttribute : LayerAttribute;
