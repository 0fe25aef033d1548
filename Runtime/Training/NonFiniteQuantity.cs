namespace NetGen;

/// <summary>Which value of a training or evaluation pass was found NaN or infinite (see <see cref="TrainingDivergedException"/>).</summary>
public enum NonFiniteQuantity
{
    /// <summary>The mean loss of a training batch, or of a batch in <see cref="Trainer.Evaluate(Dataset)"/>.</summary>
    Loss = 0,

    /// <summary>The gradients of a training batch (checked before the optimizer step, so it never applies them).</summary>
    Gradients = 1,

    /// <summary>The mean loss of a validation batch after an epoch of <see cref="Trainer.Fit"/>.</summary>
    ValidationLoss = 2,

    /// <summary>A feature or target of a batch, checked before the forward pass (a NaN input need not reach the loss: ReLU maps it to 0).</summary>
    Data = 3,

    /// <summary>
    /// A parameter, checked once at the end of every epoch: finite gradients can still overflow a step, and a NaN
    /// weight behind a ReLU can leave every loss finite.
    /// </summary>
    Parameters = 4,
}
