namespace NetGen;

/// <summary>Which of a network's buffers holds a tensor of its weight files.</summary>
public enum TensorBuffer
{
    /// <summary><see cref="INetwork.Parameters"/>: trained by optimizers.</summary>
    Parameters = 0,

    /// <summary><see cref="INetwork.State"/>: updated by the network itself (e.g. batch-norm running statistics), never by optimizers.</summary>
    State = 1,
}
