namespace NetGen.Reference;

/// <summary>An element-wise (or, for softmax, per-sample) activation, as PyTorch's functions of the same names.</summary>
public enum Activation
{
    Identity,
    ReLU,
    /// <summary>x for x &gt; 0, else slope·x (<see cref="Layer.Slope"/>).</summary>
    LeakyReLU,
    Sigmoid,
    Tanh,
    /// <summary>1 for x ≥ 0, else 0; its gradient is taken as the identity's (the perceptron's straight-through rule).</summary>
    Step,
    /// <summary>exp(x_i − max) / Σ_j exp(x_j − max) over one sample's features.</summary>
    Softmax,
}

/// <summary>Forward and backward of <see cref="Activation"/>; backward works from the forward's output y.</summary>
public static class Activations
{
    /// <summary>z ← f(z), in place, over one sample.</summary>
    public static void Forward(Activation activation, double slope, Span<double> z)
    {
        switch (activation)
        {
            case Activation.ReLU:
                for (int i = 0; i < z.Length; i++) z[i] = Math.Max(0, z[i]);
                break;
            case Activation.LeakyReLU:
                for (int i = 0; i < z.Length; i++) z[i] = z[i] > 0 ? z[i] : slope * z[i];
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < z.Length; i++) z[i] = Sigmoid(z[i]);
                break;
            case Activation.Tanh:
                for (int i = 0; i < z.Length; i++) z[i] = Math.Tanh(z[i]);
                break;
            case Activation.Step:
                for (int i = 0; i < z.Length; i++) z[i] = z[i] >= 0 ? 1 : 0;
                break;
            case Activation.Softmax:
                double max = double.NegativeInfinity, sum = 0;
                foreach (double v in z) max = Math.Max(max, v);
                for (int i = 0; i < z.Length; i++) sum += z[i] = Math.Exp(z[i] - max);
                for (int i = 0; i < z.Length; i++) z[i] /= sum;
                break;
        }
    }

    /// <summary>dz = ∂L/∂z from the output y = f(z) and dy = ∂L/∂y, over one sample (dz is overwritten).</summary>
    public static void Backward(Activation activation, double slope, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dz)
    {
        if (activation == Activation.Softmax)
        {
            // dz_i = y_i (dy_i − Σ_j dy_j y_j)
            double dot = 0;
            for (int i = 0; i < y.Length; i++) dot += dy[i] * y[i];
            for (int i = 0; i < y.Length; i++) dz[i] = y[i] * (dy[i] - dot);
            return;
        }
        for (int i = 0; i < y.Length; i++)
        {
            dz[i] = activation switch
            {
                Activation.ReLU => y[i] > 0 ? dy[i] : 0,
                Activation.LeakyReLU => y[i] > 0 ? dy[i] : slope * dy[i],
                Activation.Sigmoid => dy[i] * y[i] * (1 - y[i]),
                Activation.Tanh => dy[i] * (1 - y[i] * y[i]),
                _ => dy[i],
            };
        }
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
