namespace NetGen.Reference;

/// <summary>The four tensors of one direction of a recurrent layer, PyTorch's names and layout (G gate blocks of H rows).</summary>
/// <param name="WeightIh"><c>weight_ih_l0</c> [G·H, F].</param>
/// <param name="WeightHh"><c>weight_hh_l0</c> [G·H, H].</param>
/// <param name="BiasIh"><c>bias_ih_l0</c> [G·H].</param>
/// <param name="BiasHh"><c>bias_hh_l0</c> [G·H].</param>
public sealed record RecurrentTensors(double[] WeightIh, double[] WeightHh, double[] BiasIh, double[] BiasHh);

/// <summary>What one step keeps for backward: the state before, the activated gates, R_n (GRU) and the state after.</summary>
public sealed record RecurrentStep(double[] HiddenBefore, double[] CellBefore, double[] Gates, double[] RecurrentCandidate, double[] Hidden, double[] Cell);

/// <summary>
/// One direction of PyTorch's <c>nn.RNN</c> (tanh), <c>nn.LSTM</c> and <c>nn.GRU</c> over one sample x [T, F], from
/// PyTorch's documented equations, with P = W_ih x_t + b_ih and R = W_hh h_{t−1} + b_hh [G·H]:
/// <para>RNN: h_t = tanh(P + R).</para>
/// <para>LSTM (gate blocks i, f, g, o): i = σ(P_i + R_i), f = σ(P_f + R_f), g = tanh(P_g + R_g), o = σ(P_o + R_o);
/// c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t).</para>
/// <para>GRU (gate blocks r, z, n): r = σ(P_r + R_r), z = σ(P_z + R_z), n = tanh(P_n + r ⊙ R_n); h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}.</para>
/// Backward is backpropagation through time written out step by step, from the last step to the first:
/// <para>LSTM: dc += dh ⊙ o ⊙ (1 − tanh² c_t); dP_o = dh ⊙ tanh c_t ⊙ o(1 − o); dP_i = dc ⊙ g ⊙ i(1 − i);
/// dP_f = dc ⊙ c_{t−1} ⊙ f(1 − f); dP_g = dc ⊙ i ⊙ (1 − g²); dR = dP; dc_{t−1} = dc ⊙ f.</para>
/// <para>GRU: dP_n = dh ⊙ (1 − z) ⊙ (1 − n²); dR_n = dP_n ⊙ r; dP_r = dR_r = dP_n ⊙ R_n ⊙ r(1 − r);
/// dP_z = dR_z = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z); dh_{t−1} = dh ⊙ z + W_hhᵀ dR.</para>
/// Then dW_ih += dP x_tᵀ, db_ih += dP, dW_hh += dR h_{t−1}ᵀ, db_hh += dR, dx_t = W_ihᵀ dP, dh_{t−1} += W_hhᵀ dR.
/// </summary>
public static class RecurrentCell
{
    /// <summary>Gate blocks G: 1 for RNN, 4 for LSTM, 3 for GRU.</summary>
    public static int Gates(LayerKind kind) => kind switch
    {
        LayerKind.LSTM => 4,
        LayerKind.GRU => 3,
        _ => 1,
    };

    /// <summary>Runs the T steps from the state (h₀, c₀) and returns what each step keeps; h_t is steps[t].Hidden.</summary>
    public static RecurrentStep[] Forward(LayerKind kind, ReadOnlySpan<double> x, int features, int hidden, RecurrentTensors w, double[] h0, double[] c0)
    {
        int f = features, h = hidden, g = Gates(kind) * h, steps = x.Length / f;
        double[] state = h0, cell = c0;
        var trace = new RecurrentStep[steps];
        for (int t = 0; t < steps; t++)
        {
            var p = new double[g];
            var r = new double[g];
            for (int row = 0; row < g; row++)
            {
                double sp = w.BiasIh[row], sr = w.BiasHh[row];
                for (int k = 0; k < f; k++) sp += w.WeightIh[row * f + k] * x[t * f + k];
                for (int k = 0; k < h; k++) sr += w.WeightHh[row * h + k] * state[k];
                p[row] = sp;
                r[row] = sr;
            }
            var gates = new double[g];
            var newHidden = new double[h];
            var newCell = new double[h];
            var recurrentCandidate = new double[h];
            for (int j = 0; j < h; j++)
            {
                switch (kind)
                {
                    case LayerKind.SimpleRNN:
                        newHidden[j] = gates[j] = Math.Tanh(p[j] + r[j]);
                        break;
                    case LayerKind.LSTM:
                    {
                        double i = Activations.Sigmoid(p[j] + r[j]), fg = Activations.Sigmoid(p[h + j] + r[h + j]);
                        double c = Math.Tanh(p[2 * h + j] + r[2 * h + j]), o = Activations.Sigmoid(p[3 * h + j] + r[3 * h + j]);
                        (gates[j], gates[h + j], gates[2 * h + j], gates[3 * h + j]) = (i, fg, c, o);
                        newCell[j] = fg * cell[j] + i * c;
                        newHidden[j] = o * Math.Tanh(newCell[j]);
                        break;
                    }
                    case LayerKind.GRU:
                    {
                        double reset = Activations.Sigmoid(p[j] + r[j]), z = Activations.Sigmoid(p[h + j] + r[h + j]);
                        double n = Math.Tanh(p[2 * h + j] + reset * r[2 * h + j]);
                        (gates[j], gates[h + j], gates[2 * h + j]) = (reset, z, n);
                        recurrentCandidate[j] = r[2 * h + j];
                        newHidden[j] = (1 - z) * n + z * state[j];
                        break;
                    }
                }
            }
            trace[t] = new RecurrentStep(state, cell, gates, recurrentCandidate, newHidden, newCell);
            state = newHidden;
            cell = newCell;
        }
        return trace;
    }

    /// <summary>
    /// BPTT from dy [T, H], the gradient reaching every h_t from above (zero rows where nothing reads h_t). Adds the
    /// parameter gradients to <paramref name="dw"/>; returns dx [T, F] and ∂L/∂h₀, ∂L/∂c₀.
    /// </summary>
    public static (double[] Dx, double[] DHidden0, double[] DCell0) Backward(LayerKind kind, RecurrentStep[] trace, ReadOnlySpan<double> x, int features, int hidden,
        RecurrentTensors w, RecurrentTensors dw, ReadOnlySpan<double> dy)
    {
        int f = features, h = hidden, g = Gates(kind) * h, steps = trace.Length;
        var dx = new double[steps * f];
        var dh = new double[h];
        var dc = new double[h];
        for (int t = steps - 1; t >= 0; t--)
        {
            RecurrentStep s = trace[t];
            for (int j = 0; j < h; j++) dh[j] += dy[t * h + j];
            // Gradients of P (dp) and of R (dr), and the part of ∂L/∂h_{t−1} that is not through R.
            var dp = new double[g];
            var dr = new double[g];
            var dhBefore = new double[h];
            var dcBefore = new double[h];
            for (int j = 0; j < h; j++)
            {
                switch (kind)
                {
                    case LayerKind.SimpleRNN:
                        dp[j] = dr[j] = dh[j] * (1 - s.Hidden[j] * s.Hidden[j]);
                        break;
                    case LayerKind.LSTM:
                    {
                        double i = s.Gates[j], fg = s.Gates[h + j], c = s.Gates[2 * h + j], o = s.Gates[3 * h + j];
                        double tanhCell = Math.Tanh(s.Cell[j]);
                        double dCell = dc[j] + dh[j] * o * (1 - tanhCell * tanhCell);
                        dp[j] = dCell * c * i * (1 - i);
                        dp[h + j] = dCell * s.CellBefore[j] * fg * (1 - fg);
                        dp[2 * h + j] = dCell * i * (1 - c * c);
                        dp[3 * h + j] = dh[j] * tanhCell * o * (1 - o);
                        for (int q = 0; q < 4; q++) dr[q * h + j] = dp[q * h + j];
                        dcBefore[j] = dCell * fg;
                        break;
                    }
                    case LayerKind.GRU:
                    {
                        double reset = s.Gates[j], z = s.Gates[h + j], n = s.Gates[2 * h + j];
                        double dn = dh[j] * (1 - z) * (1 - n * n);
                        dp[2 * h + j] = dn;
                        dr[2 * h + j] = dn * reset;
                        dp[j] = dr[j] = dn * s.RecurrentCandidate[j] * reset * (1 - reset);
                        dp[h + j] = dr[h + j] = dh[j] * (s.HiddenBefore[j] - n) * z * (1 - z);
                        dhBefore[j] = dh[j] * z;
                        break;
                    }
                }
            }
            for (int row = 0; row < g; row++)
            {
                dw.BiasIh[row] += dp[row];
                dw.BiasHh[row] += dr[row];
                for (int k = 0; k < f; k++)
                {
                    dw.WeightIh[row * f + k] += dp[row] * x[t * f + k];
                    dx[t * f + k] += w.WeightIh[row * f + k] * dp[row];
                }
                for (int k = 0; k < h; k++)
                {
                    dw.WeightHh[row * h + k] += dr[row] * s.HiddenBefore[k];
                    dhBefore[k] += w.WeightHh[row * h + k] * dr[row];
                }
            }
            dh = dhBefore;
            dc = dcBefore;
        }
        return (dx, dh, dc);
    }
}
