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

    /// <summary>A feature or target of a batch, checked before the forward pass, so the message names the sample rather than a NaN loss.</summary>
    Data = 3,

    /// <summary>
    /// A parameter, checked once at the end of every epoch: finite gradients can still overflow a step, and the
    /// epoch's last step has no later loss in that epoch to show it.
    /// </summary>
    Parameters = 4,
}
