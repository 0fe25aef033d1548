namespace NetGen.Samples.GruForecaster;

/// <summary>
/// A recurrent forecaster: the sunspot numbers of the previous 24 years as a sequence of 24 steps of one
/// feature ([24, 1], scaled by 1/100, oldest first) → a GRU of 32 whose last hidden state → next year's number
/// (scaled). Mean squared error.
/// </summary>
[Network(24, 1, Loss = LossKind.MeanSquaredError)]
[GRU(32, Name = "gru")]
[Dense(1, Name = "head")]
public partial class SunspotGru;
