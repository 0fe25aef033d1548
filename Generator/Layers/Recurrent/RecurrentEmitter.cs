using System.Linq;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emitters.MatrixEmitter;

namespace NetGen.Generator.Layers;

/// <summary>
/// SimpleRNN, LSTM and GRU (PyTorch's equations and gate order), forward and backpropagation through time,
/// for exactly one set of sizes. With P = x_t·W_ih + b_ih and R = h_{t−1}·W_hh + b_hh (h₋₁ = c₋₁ = 0, or the given state with State):
/// <code>
/// SimpleRNN  h = tanh(P + R)
/// LSTM       i, f, g, o = σ(P_i + R_i), σ(P_f + R_f), tanh(P_g + R_g), σ(P_o + R_o);  c = f ⊙ c₋ + i ⊙ g;  h = o ⊙ tanh(c)
/// GRU        r, z = σ(P_r + R_r), σ(P_z + R_z);  n = tanh(P_n + r ⊙ R_n);  h = (1 − z) ⊙ n + z ⊙ h₋
/// </code>
/// Forward is one matrix product for the input projection P of every step ([rows·T, F] × [F, GHp]), then per
/// step one product R = h_{t−1}·W_hh ([rows, H] × [H, GHp]) and the fused gate nonlinearities (TensorPrimitives,
/// in place over the row). Training keeps the gate activations, the hidden states and (LSTM) the cells or
/// (GRU) R_n for backward. Backward walks the steps in reverse: gate gradients dP per step (element-wise,
/// from the saved activations), then ∂L/∂h_{t−1} = dR·W_hhᵀ as one product per step; after the loop the input
/// gradient dP·W_ihᵀ over every step at once. The weight gradients are products over all steps at the end:
/// dW_ih += xᵀ·dP and, per sample, dW_hh += h_{0..T−2}ᵀ·dR_{1..T−1}. Threads split the time loops by samples
/// and the weight gradients by weight rows, so every sum runs in the same order whatever the thread count.
/// All products are <see cref="GemmEmitter"/> and <see cref="MatrixEmitter"/> kernels. Options are compile-time and
/// emit code only where used: State (step 0 is a full step from the given state, whose gradient goes out),
/// VariableLength (a per-sample step mask: padded steps output zero and get zero gate gradients), and
/// Bidirectional (two cells, see <see cref="BidirectionalEmitter"/>).
/// </summary>
internal static class RecurrentEmitter
{

    public static void EmitMembers(SourceWriter w, RecurrentPlan layer)
    {
        foreach (RecurrentPlan direction in layer.Directions) EmitDirectionMembers(w, direction);
        if (layer.Bidirectional) BidirectionalEmitter.EmitMembers(w, layer);
    }

    private static void EmitDirectionMembers(SourceWriter w, RecurrentPlan r)
    {
        EmitSequence(w, r);
        EmitGates(w, r, first: true);
        EmitGates(w, r, first: false);
        if (r.State && r.Spec.Kind == RecurrentFamily.LSTM) EmitGates(w, r, first: false, givenCell: true);
        if (r.State) EmitEnsureState(w, r);
        EmitBackward(w, r);
        EmitGatesBackward(w, r, first: true);
        EmitGatesBackward(w, r, first: false);
        EmitWeightGradients(w, r);
        EmitTranspose(w, r);
        EmitKernels(w, r);
    }

    /// <summary>The saved per-step state besides h: LSTM cells, GRU's R_n; none for SimpleRNN.</summary>
    private static bool HasSaved(RecurrentPlan r) => r.Spec.Kind != RecurrentFamily.SimpleRNN;

    private static string SavedWhat(RecurrentPlan r) => r.Spec.Kind == RecurrentFamily.LSTM ? "cell states c_t" : "R_n = W_hn·h_{t−1} + b_hn per step";

    /// <summary>Training buffers of one layer, sized with the other training buffers (per sample floats).</summary>
    private static (string Field, int Size, string What)[] TrainingBuffers(RecurrentPlan r)
    {
        string i = r.Id;
        var buffers = new System.Collections.Generic.List<(string, int, string)>
        {
            ($"_gates{i}", r.Steps * r.GateStride, $"gate activations [T, {r.GateStride}]"),
            ($"_gateGradients{i}", r.Steps * r.GateStride, "gate pre-activation gradients dP"),
            ($"_recurrent{i}", r.GateStride, "R of the running step"),
            ($"_hiddenGradient{i}", r.HiddenPadded, "∂L/∂h of the running step"),
        };
        if (!r.ReturnSequences) buffers.Add(($"_hidden{i}", r.SequenceStride, "hidden states [T, H]"));
        if (HasSaved(r)) buffers.Add(($"_saved{i}", r.SequenceStride, SavedWhat(r)));
        if (r.Spec.Kind == RecurrentFamily.LSTM) buffers.Add(($"_stateGradient{i}", r.HiddenPadded, "∂L/∂c of the running step"));
        if (r.Spec.Kind == RecurrentFamily.GRU)
        {
            buffers.Add(($"_recurrentGradients{i}", r.Steps * r.GateStride, "gradients dR (dP with the n block times r)"));
            buffers.Add(($"_stateGradient{i}", r.HiddenPadded, "z ⊙ ∂L/∂h, the part of ∂L/∂h_{t−1} that bypasses the gates"));
        }
        if (NeedsInputGradientScratch(r)) buffers.Add(($"_inputGradientScratch{i}", r.Steps * r.FeaturesPadded, "the input gradient at padded stride"));
        if (r.Bidirectional)
        {
            int size = r.ReturnSequences ? r.SequenceStride : r.HiddenPadded;
            buffers.Add(($"_directionOutput{i}", size, "this direction's output, before the two are joined"));
            buffers.Add(($"_directionGradient{i}", size, "this direction's part of ∂L/∂output"));
        }
        if (r.Reverse)
        {
            buffers.Add(($"_reversedInput{i}", r.Steps * r.InputRowStride, "the input with its steps in reverse order"));
            buffers.Add(($"_reversedInputGradient{i}", r.Steps * r.InputRowStride, "the input gradient, steps in reverse order"));
        }
        return buffers.ToArray();
    }

    /// <summary>Inference buffers, fields of the network's InferenceBuffers, sized with the ping-pong buffers.</summary>
    private static (string Field, int Size, string What)[] InferenceBuffers(RecurrentPlan r)
    {
        string i = r.Id;
        var buffers = new System.Collections.Generic.List<(string, int, string)>
        {
            ($"Gates{i}", r.Steps * r.GateStride, "gates"),
            ($"Recurrent{i}", r.GateStride, "R"),
        };
        if (!r.ReturnSequences) buffers.Add(($"Hidden{i}", r.SequenceStride, "hidden states"));
        if (HasSaved(r)) buffers.Add(($"Saved{i}", r.SequenceStride, SavedWhat(r)));
        if (r.Bidirectional) buffers.Add(($"DirectionOutput{i}", r.ReturnSequences ? r.SequenceStride : r.HiddenPadded, "this direction's output"));
        if (r.Reverse) buffers.Add(($"ReversedInput{i}", r.Steps * r.InputRowStride, "the input with its steps in reverse order"));
        return buffers.ToArray();
    }

    /// <summary>Whether dx goes through a scratch buffer: the network input's rows are unpadded.</summary>
    private static bool NeedsInputGradientScratch(RecurrentPlan r) => r.InputRowStride != r.FeaturesPadded;

    public static void EmitFields(SourceWriter w, RecurrentPlan layer)
    {
        foreach (RecurrentPlan direction in layer.Directions) EmitDirectionFields(w, direction);
    }

    /// <summary>The layer's fields of the network's InferenceBuffers (one set per concurrent Predict).</summary>
    public static void EmitInferenceFields(SourceWriter w, RecurrentPlan layer)
    {
        foreach (RecurrentPlan r in layer.Directions)
        {
            foreach ((string field, int size, string what) in InferenceBuffers(r)) w.Line($"public float[] {field} = []; // {r.Spec.Name}: {what}, {size} floats a sample");
        }
    }

    /// <summary>The most floats any of the layer's batch-sized buffers holds per sample: what bounds the batch.</summary>
    public static long MaxFloatsPerSample(RecurrentPlan layer)
    {
        long most = 0;
        foreach (RecurrentPlan r in layer.Directions)
        {
            foreach ((_, int size, _) in InferenceBuffers(r).Concat(TrainingBuffers(r))) most = System.Math.Max(most, size);
            if (r.State) most = System.Math.Max(most, r.Hidden);
        }
        return most;
    }

    private static void EmitDirectionFields(SourceWriter w, RecurrentPlan r)
    {
        string i = r.Id;
        foreach ((string field, _, string what) in TrainingBuffers(r))
        {
            w.Line($"private float[] {field} = []; // {r.Spec.Name}: {what}");
        }
        w.Line($"private float[]? _transposedInput{i}, _transposedRecurrent{i}; // {r.Spec.Name}'s W_ihᵀ and W_hhᵀ for backward, made on first use");
        if (!r.State) return;
        w.Line($"private int _stateCapacity{i} = 1; // {r.Spec.Name}: samples the state buffers hold");
        foreach ((string field, string what, _) in StateBuffers(r))
        {
            w.Line($"private float[] {field} = global::NetGen.CompilerServices.AlignedArrays.Allocate({r.Hidden}); // {r.Spec.Name}: {what} [batch, {r.Hidden}]");
        }
    }

    /// <summary>The state buffers of a layer with <c>State = true</c>, each [batch, hidden] unpadded; Kept: written by the user, so kept when growing.</summary>
    private static (string Field, string What, bool Kept)[] StateBuffers(RecurrentPlan r)
    {
        string i = r.Id;
        bool lstm = r.Spec.Kind == RecurrentFamily.LSTM;
        var buffers = new System.Collections.Generic.List<(string, string, bool)> { ($"_initialHidden{i}", "initial hidden state h₀", true) };
        if (lstm) buffers.Add(($"_initialCell{i}", "initial cell state c₀", true));
        buffers.Add(($"_finalHidden{i}", "final hidden state", false));
        if (lstm) buffers.Add(($"_finalCell{i}", "final cell state", false));
        buffers.Add(($"_initialHiddenGradient{i}", "∂L/∂h₀", false));
        if (lstm) buffers.Add(($"_initialCellGradient{i}", "∂L/∂c₀", false));
        return buffers.ToArray();
    }

    /// <summary>Grows the state buffers to <c>batch</c> samples, keeping the initial state already written.</summary>
    private static void EmitEnsureState(SourceWriter w, RecurrentPlan r)
    {
        string i = r.Id; int h = r.Hidden;
        w.Line($"/// <summary>Grows {r.Spec.Name}'s state buffers to <paramref name=\"batch\"/> samples; the initial state written so far is kept, new rows are zero.</summary>");
        using (w.Open($"private void {r.Name}EnsureState(int batch)"))
        {
            w.Line($"if (batch <= _stateCapacity{i}) return;");
            foreach ((string field, _, bool kept) in StateBuffers(r))
            {
                if (!kept)
                {
                    w.Line($"{field} = global::NetGen.CompilerServices.AlignedArrays.Allocate(batch * {h});");
                    continue;
                }
                string grown = field.Substring(1);
                w.Line($"float[] {grown} = global::NetGen.CompilerServices.AlignedArrays.Allocate(batch * {h});");
                w.Line($"View({field}, 0, _stateCapacity{i} * {h}).CopyTo(View({grown}, 0, _stateCapacity{i} * {h}));");
                w.Line($"{field} = {grown};");
            }
            w.Line($"_stateCapacity{i} = batch;");
        }
        w.Line();
    }

    public static void EmitGrowInference(SourceWriter w, RecurrentPlan layer)
    {
        foreach (RecurrentPlan r in layer.Directions) EmitDirectionGrowInference(w, r);
    }

    private static void EmitDirectionGrowInference(SourceWriter w, RecurrentPlan r)
    {
        foreach ((string field, int size, _) in InferenceBuffers(r)) w.Line($"{field} = global::NetGen.CompilerServices.AlignedArrays.Allocate(batch * {size});");
    }

    /// <summary>Predict grows the state buffers of a layer with <c>State = true</c> itself: they are the network's, not the call's.</summary>
    public static void EmitEnsureStates(SourceWriter w, RecurrentPlan layer)
    {
        foreach (RecurrentPlan r in layer.Directions)
        {
            if (r.State) w.Line($"{r.Name}EnsureState(batch);");
        }
    }

    public static void EmitGrowTraining(SourceWriter w, RecurrentPlan layer)
    {
        foreach (RecurrentPlan r in layer.Directions) EmitDirectionGrowTraining(w, r);
    }

    private static void EmitDirectionGrowTraining(SourceWriter w, RecurrentPlan r)
    {
        foreach ((string field, int size, _) in TrainingBuffers(r)) w.Line($"{field} = global::NetGen.CompilerServices.AlignedArrays.Allocate(batch * {size});");
        if (r.State) w.Line($"{r.Name}EnsureState(batch);");
    }

    public static void EmitParameterViews(SourceWriter w, RecurrentPlan layer)
    {
        foreach (RecurrentPlan direction in layer.Directions) EmitDirectionParameterViews(w, direction);
    }

    private static void EmitDirectionParameterViews(SourceWriter w, RecurrentPlan r)
    {
        string n = r.Name;
        int gs = r.GateStride;
        string padding = gs > r.GateColumns ? $"; columns {r.GateColumns}..{gs - 1} are zero padding" : "";
        string gates = r.Spec.Kind switch
        {
            RecurrentFamily.LSTM => "gate blocks i, f, g, o",
            RecurrentFamily.GRU => "gate blocks r, z, n",
            _ => "one block",
        };
        EmitViewPair(w, $"{n}InputWeight", r.InputWeightOffset, r.Features * gs, $"{r.Spec.Name}'s W_ih as [{r.Features} inputs, {gs}] ({gates} of {r.Hidden} columns{padding}). Weight files hold the transpose, [{r.GateColumns}, {r.Features}].");
        EmitViewPair(w, $"{n}RecurrentWeight", r.RecurrentWeightOffset, r.Hidden * gs, $"{r.Spec.Name}'s W_hh as [{r.Hidden} hidden, {gs}], same columns. Weight files hold the transpose, [{r.GateColumns}, {r.Hidden}].");
        EmitViewPair(w, $"{n}InputBias", r.InputBiasOffset, r.GateColumns, $"{r.Spec.Name}'s b_ih, [{r.GateColumns}].");
        EmitViewPair(w, $"{n}RecurrentBias", r.RecurrentBiasOffset, r.GateColumns, $"{r.Spec.Name}'s b_hh, [{r.GateColumns}].");
        w.Line();
        if (r.State) EmitStateViews(w, r);
    }

    /// <summary>A parameter view and its gradient twin, the same slice of the gradient buffer, named as Dense's and Conv's are.</summary>
    private static void EmitViewPair(SourceWriter w, string view, int offset, int length, string summary)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public global::System.Span<float> {view} => View(_parameters, {offset}, {length});");
        w.Line($"/// <summary>Gradient of <see cref=\"{view}\"/>.</summary>");
        w.Line($"public global::System.Span<float> {view}Gradient => View(_gradients, {offset}, {length});");
    }

    /// <summary>The state members of a layer with <c>State = true</c>: initial state in, final state and ∂L/∂initial state out.</summary>
    private static void EmitStateViews(SourceWriter w, RecurrentPlan r)
    {
        string n = r.Name;
        string i = r.Id; int h = r.Hidden;
        bool lstm = r.Spec.Kind == RecurrentFamily.LSTM;
        var parts = lstm ? new[] { ("Hidden", "hidden state h"), ("Cell", "cell state c") } : new[] { ("Hidden", "hidden state h") };
        foreach ((string part, string what) in parts)
        {
            w.Line($"/// <summary>{r.Spec.Name}'s initial {what}₀ as [batch, {h}], read by every Predict and Forward: write it before the pass. Zero until written; keeps its values across passes (copy <see cref=\"{n}Final{part}\"/> into it to continue a sequence).</summary>");
            using (w.Open($"public global::System.Span<float> {n}Initial{part}(int batch)"))
            {
                w.Line("global::System.ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);");
                w.Line("global::System.ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, MaxBatch); // batch × hidden must not wrap");
                w.Line($"{n}EnsureState(batch);");
                w.Line($"return View(_initial{part}{i}, 0, batch * {h});");
            }
            w.Line();
            w.Line($"/// <summary>{r.Spec.Name}'s {what} after the last step of the last Predict or Forward, [batch, {h}].</summary>");
            w.Line($"public global::System.ReadOnlySpan<float> {n}Final{part} => View(_final{part}{i}, 0, _parallelBatch * {h});");
            w.Line();
            w.Line($"/// <summary>∂loss/∂{r.Spec.Name}'s initial {what}₀ from the last Backward, [batch, {h}] (overwritten by each Backward).</summary>");
            w.Line($"public global::System.ReadOnlySpan<float> {n}Initial{part}Gradient => View(_initial{part}Gradient{i}, 0, _parallelBatch * {h});");
            w.Line();
        }
    }

    /// <summary>The four tensors of a weight file, in PyTorch's names and layout.</summary>
    public static (string Name, string Shape, string Layout)[] Tensors(RecurrentPlan layer) =>
        layer.Directions.SelectMany(DirectionTensors).ToArray();

    /// <summary>One direction's tensors; the reverse direction's names end in <c>_reverse</c>, as PyTorch's.</summary>
    private static (string Name, string Shape, string Layout)[] DirectionTensors(RecurrentPlan r)
    {
        string name = r.Spec.Name, suffix = r.Reverse ? "_reverse" : "";
        int gs = r.GateStride, g = r.GateColumns;
        return new[]
        {
            ($"{name}.weight_ih_l0{suffix}", $"{g}, {r.Features}", $"Offset: {r.InputWeightOffset}, Stride: {gs}, Transposed: true"),
            ($"{name}.weight_hh_l0{suffix}", $"{g}, {r.Hidden}", $"Offset: {r.RecurrentWeightOffset}, Stride: {gs}, Transposed: true"),
            ($"{name}.bias_ih_l0{suffix}", $"{g}", $"Offset: {r.InputBiasOffset}, Stride: {g}, Transposed: false"),
            ($"{name}.bias_hh_l0{suffix}", $"{g}", $"Offset: {r.RecurrentBiasOffset}, Stride: {g}, Transposed: false"),
        };
    }

    /// <summary>PyTorch's default: every weight and bias from U(−1/√H, 1/√H).</summary>
    public static void EmitInitialization(SourceWriter w, RecurrentPlan layer)
    {
        foreach (RecurrentPlan direction in layer.Directions) EmitDirectionInitialization(w, direction);
    }

    private static void EmitDirectionInitialization(SourceWriter w, RecurrentPlan r)
    {
        string limit = FloatLiteral.Literal((float)(1.0 / System.Math.Sqrt(r.Hidden)));
        w.Line($"// {r.Spec.Name}: W_ih, W_hh, b_ih, b_hh from U(−1/√{r.Hidden}, 1/√{r.Hidden}), as PyTorch.");
        w.Line($"for (int k = 0; k < {r.Features + r.Hidden + 2}; k++) global::NetGen.Initializers.Uniform(View(_parameters, {r.InputWeightOffset} + k * {r.GateStride}, {r.GateColumns}), -{limit}, {limit}, random);");
    }

    private static string At(string buffer, string index) => index == "0" ? $"ref {buffer}" : $"ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {buffer}, {index})";

    private static void EmitSequence(SourceWriter w, RecurrentPlan r)
    {
        string n = r.Name;
        string i = r.Id; int t = r.Steps, gs = r.GateStride, hp = r.HiddenPadded, seq = r.SequenceStride;
        string saved = HasSaved(r) ? ", ref float saved" : "";
        string savedArgument = HasSaved(r) ? ", ref saved" : "";
        w.Line("/// <summary>");
        w.Line($"/// {r.Spec.Name} forward for samples b0..b1: x [T = {t}, {r.Features}] (row stride {r.InputRowStride}) → hidden [T, {r.Hidden}] (row stride {hp}),");
        w.Line($"/// gates [T, {gs}]{(HasSaved(r) ? $", saved [T, {hp}] ({SavedWhat(r)})" : "")}; {(r.ReturnSequences ? "y is the hidden sequence" : $"y [{r.Hidden}] (stride {hp}) the last hidden state")}.");
        w.Line("/// </summary>");
        if (r.VariableLength) w.Line($"/// Sample b runs lengths[b] steps: later steps are zero{(r.ReturnSequences ? "" : " and y is the state after the last real step")}.");
        using (w.Open($"private void {n}Sequence(ref float x, ref float y, ref float gates, ref float hidden{saved}, ref float recurrent{(r.VariableLength ? ", ref int lengths" : "")}, int b0, int b1)"))
        {
            w.Line("ref float parameters = ref Data(_parameters);");
            w.Line($"ref float recurrentWeight = ref {Add("parameters", r.RecurrentWeightOffset)};");
            w.Line($"ref float recurrentBias = ref {Add("parameters", r.RecurrentBiasOffset)};");
            w.Line("int rows = b1 - b0;");
            w.Line($"// P for every step at once: gates[b, t, :] = x[b, t, :] · W_ih + b_ih, [rows·{t}, {r.Features}] × [{r.Features}, {gs}].");
            w.Line($"{n}InputKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b0 * {t * r.InputRowStride}), ref {Add("parameters", r.InputWeightOffset)}, ref {Add("parameters", r.InputBiasOffset)}, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref gates, b0 * {t * gs}), rows * {t});");
            if (r.State)
            {
                int h = r.Hidden;
                w.Line($"ref float initialHidden = ref Data(_initialHidden{i});");
                if (r.Spec.Kind == RecurrentFamily.LSTM) w.Line($"ref float initialCell = ref Data(_initialCell{i});");
                w.Line($"// Step 0 starts from the given state: R = h₀ · W_hh + b_hh, [rows, {h}] × [{h}, {gs}].");
                w.Line($"{n}InitialRecurrentKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref initialHidden, b0 * {h}), ref recurrentWeight, ref recurrentBias, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrent, b0 * {gs}), rows);");
                string previousRow = r.Spec.Kind switch
                {
                    RecurrentFamily.LSTM => $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref initialCell, b * {h})",
                    _ => $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref initialHidden, b * {h})",
                };
                w.Line($"for (int b = b0; b < b1; b++) {n}{(r.Spec.Kind == RecurrentFamily.LSTM ? "GatesInitial" : "Gates")}(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref gates, b * {t * gs}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrent, b * {gs}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hidden, b * {seq}){previousRow}{(HasSaved(r) ? $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref saved, b * {seq})" : "")});");
            }
            else
            {
                w.Line("// Step 0 starts from a zero state, so R is b_hh alone.");
                w.Line($"for (int b = b0; b < b1; b++) {n}GatesFirst(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref gates, b * {t * gs}), ref recurrentBias, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hidden, b * {seq}){(HasSaved(r) ? $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref saved, b * {seq})" : "")});");
            }
            using (w.Open($"for (int t = 1; t < {t}; t++)"))
            {
                w.Line($"// R = h[:, t − 1] · W_hh + b_hh, [rows, {r.Hidden}] × [{r.Hidden}, {gs}].");
                w.Line($"{n}RecurrentKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hidden, b0 * {seq} + (t - 1) * {hp}), ref recurrentWeight, ref recurrentBias, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrent, b0 * {gs}), rows);");
                using (w.Open("for (int b = b0; b < b1; b++)"))
                {
                    w.Line($"ref float h = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hidden, b * {seq} + t * {hp});");
                    if (r.VariableLength)
                    {
                        using (w.Open("if (t >= global::System.Runtime.CompilerServices.Unsafe.Add(ref lengths, b))"))
                        {
                            w.Line($"{Span("h", r.Hidden)}.Clear(); // a padded step outputs zero");
                            w.Line("continue;");
                        }
                    }
                    string savedRows = HasSaved(r) ? $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref saved, b * {seq} + t * {hp})" : "";
                    string previousRow = r.Spec.Kind == RecurrentFamily.LSTM ? "" : $", ref global::System.Runtime.CompilerServices.Unsafe.Subtract(ref h, {hp})";
                    w.Line($"{n}Gates(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref gates, b * {t * gs} + t * {gs}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrent, b * {gs}), ref h{previousRow}{savedRows});");
                }
            }
            if (!r.ReturnSequences)
            {
                w.Line(r.VariableLength ? "// The output is the hidden state of each sample's last real step." : "// The output is the last hidden state.");
                w.Line($"for (int b = b0; b < b1; b++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hidden, b * {seq} + {LastStep(r)}), {hp}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {hp}), {hp}));");
            }
            if (r.State)
            {
                int h = r.Hidden;
                w.Line($"// The final state, [batch, {h}] unpadded.");
                w.Line($"for (int b = b0; b < b1; b++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hidden, b * {seq} + {LastStep(r)}), {h}).CopyTo(View(_finalHidden{i}, b * {h}, {h}));");
                if (r.Spec.Kind == RecurrentFamily.LSTM) w.Line($"for (int b = b0; b < b1; b++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref saved, b * {seq} + {LastStep(r)}), {h}).CopyTo(View(_finalCell{i}, b * {h}, {h}));");
            }
        }
        w.Line();
        string trainingLengths = r.VariableLength ? $", ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_trainingLengths)" : "";
        string inferenceLengths = r.VariableLength ? $", ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(buffers.Lengths)" : "";
        string hiddenTraining = r.ReturnSequences ? "y" : $"Data(_hidden{i})";
        string hiddenInference = r.ReturnSequences ? "y" : $"Data(buffers.Hidden{i})";
        w.Line($"/// <summary>{r.Spec.Name} training forward for samples b0..b1 (x and y are the whole buffers): keeps gates, hidden states{(HasSaved(r) ? " and " + SavedWhat(r) : "")} for backward.</summary>");
        w.Line($"private void {n}Forward(ref float x, ref float y, int b0, int b1) => {n}Sequence(ref x, ref y, ref Data(_gates{i}), ref {hiddenTraining}{(HasSaved(r) ? $", ref Data(_saved{i})" : "")}, ref Data(_recurrent{i}){trainingLengths}, b0, b1);");
        w.Line();
        w.Line($"/// <summary>{r.Spec.Name} inference for samples b0..b1 (x and y are the whole buffers), in the call's own <paramref name=\"buffers\"/>.</summary>");
        w.Line($"private void {n}Predict(ref float x, ref float y, int b0, int b1, InferenceBuffers buffers) => {n}Sequence(ref x, ref y, ref Data(buffers.Gates{i}), ref {hiddenInference}{(HasSaved(r) ? $", ref Data(buffers.Saved{i})" : "")}, ref Data(buffers.Recurrent{i}){inferenceLengths}, b0, b1);");
        w.Line();
    }

    /// <summary>The offset of a sample's last step in its hidden rows: step T − 1, or lengths[b] − 1 with variable lengths.</summary>
    private static string LastStep(RecurrentPlan r) =>
        r.VariableLength ? $"(global::System.Runtime.CompilerServices.Unsafe.Add(ref lengths, b) - 1) * {r.HiddenPadded}" : $"{(r.Steps - 1) * r.HiddenPadded}";

    private static string Span(string reference, int length) => $"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref {reference}, {length})";

    /// <summary>
    /// One sample's gates at one step, in place over its row of P; <paramref name="first"/> is step 0 (zero state, R = b_hh);
    /// <paramref name="givenCell"/> is an LSTM's step 0 from a given initial cell (passed in, not next to this one in saved).
    /// </summary>
    private static void EmitGates(SourceWriter w, RecurrentPlan r, bool first, bool givenCell = false)
    {
        string n = r.Name;
        int h = r.Hidden, g = r.GateColumns;
        string name = first ? $"{n}GatesFirst" : givenCell ? $"{n}GatesInitial" : $"{n}Gates";
        // An LSTM step reads the previous cell (next to this one in saved), not the previous hidden state.
        string previous = givenCell ? ", ref float previousCell" : first || r.Spec.Kind == RecurrentFamily.LSTM ? "" : ", ref float previous";
        string saved = HasSaved(r) ? ", ref float saved" : "";
        string what = r.Spec.Kind switch
        {
            RecurrentFamily.LSTM => first ? "i, f, g, o from P + R; c = i ⊙ g; h = o ⊙ tanh(c)" : "i, f, g, o from P + R; c = f ⊙ c₋ + i ⊙ g; h = o ⊙ tanh(c)",
            RecurrentFamily.GRU => first ? "r, z from P + R; n = tanh(P_n + r ⊙ R_n); h = (1 − z) ⊙ n" : "r, z from P + R; n = tanh(P_n + r ⊙ R_n); h = n + z ⊙ (h₋ − n)",
            _ => "h = tanh(P + R)",
        };
        string activations = r.Spec.Kind == RecurrentFamily.SimpleRNN ? "" : " The row of P becomes the activations.";
        w.Line($"/// <summary>{r.Spec.Name} gates of one sample at {(first ? "step 0" : givenCell ? "step 0 from the initial cell c₋" : "one step")}: {what}, in one pass over the units.{activations}</summary>");
        // Not inlined into the time loop: in a method of its own the JIT has the inlining budget for every exponential.
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
        using (w.Open($"private static void {name}(ref float gates, ref float recurrent, ref float h{previous}{saved})"))
        {
            switch (r.Spec.Kind)
            {
                case RecurrentFamily.SimpleRNN:
                    EmitElementLoop(w, h, isa => w.Line(Store(isa, "h", 0, Tanh($"{Load(isa, "gates", 0)} + {Load(isa, "recurrent", 0)}"))));
                    break;
                case RecurrentFamily.LSTM:
                    if (!first && !givenCell) w.Line($"ref float previousCell = ref global::System.Runtime.CompilerServices.Unsafe.Subtract(ref saved, {r.HiddenPadded});");
                    EmitElementLoop(w, h, isa =>
                    {
                        string t = Type(isa);
                        w.Line($"{t} i = {Sigmoid(GateInput(isa, 0))};");
                        w.Line($"{t} f = {Sigmoid(GateInput(isa, h))};");
                        w.Line($"{t} g = {Tanh(GateInput(isa, 2 * h))};");
                        w.Line($"{t} o = {Sigmoid(GateInput(isa, 3 * h))};");
                        w.Line($"{Store(isa, "gates", 0, "i")} {Store(isa, "gates", h, "f")} {Store(isa, "gates", 2 * h, "g")} {Store(isa, "gates", 3 * h, "o")}");
                        w.Line($"{t} c = {(first ? "i * g" : MultiplyAdd(isa, "i", "g", $"f * {Load(isa, "previousCell", 0)}"))};");
                        w.Line(Store(isa, "saved", 0, "c"));
                        w.Line(Store(isa, "h", 0, $"o * {Tanh("c")}"));
                    });
                    break;
                case RecurrentFamily.GRU:
                    EmitElementLoop(w, h, isa =>
                    {
                        string t = Type(isa);
                        w.Line($"{t} reset = {Sigmoid(GateInput(isa, 0))};");
                        w.Line($"{t} z = {Sigmoid(GateInput(isa, h))};");
                        w.Line($"{t} recurrentCandidate = {Load(isa, "recurrent", 2 * h)};");
                        w.Line($"{t} candidate = {Tanh(MultiplyAdd(isa, "reset", "recurrentCandidate", Load(isa, "gates", 2 * h)))};");
                        w.Line($"{Store(isa, "gates", 0, "reset")} {Store(isa, "gates", h, "z")} {Store(isa, "gates", 2 * h, "candidate")} {Store(isa, "saved", 0, "recurrentCandidate")}");
                        w.Line(Store(isa, "h", 0, first ? "candidate - z * candidate" : MultiplyAdd(isa, "z", $"{Load(isa, "previous", 0)} - candidate", "candidate")));
                    });
                    break;
            }
        }
        w.Line();
    }

    /// <summary>P + R of the gate block at <paramref name="offset"/>.</summary>
    private static string GateInput(VectorIsa? isa, int offset) => $"{Load(isa, "gates", offset)} + {Load(isa, "recurrent", offset)}";

    private static string Sigmoid(string x) => $"global::NetGen.CompilerServices.VectorActivations.Sigmoid({x})";

    private static string Tanh(string x) => $"global::NetGen.CompilerServices.VectorActivations.Tanh({x})";

    /// <summary>a · b + addend, fused where the hardware has FMA (as in the matrix kernels).</summary>
    private static string MultiplyAdd(VectorIsa? isa, string a, string b, string addend) =>
        $"{isa?.Type ?? "float"}.MultiplyAddEstimate({a}, {b}, {addend})";

    private static void EmitBackward(SourceWriter w, RecurrentPlan r)
    {
        string n = r.Name;
        string i = r.Id; int t = r.Steps, gs = r.GateStride, hp = r.HiddenPadded, seq = r.SequenceStride, h = r.Hidden, fp = r.FeaturesPadded;
        bool gru = r.Spec.Kind == RecurrentFamily.GRU, lstm = r.Spec.Kind == RecurrentFamily.LSTM;
        bool scratch = NeedsInputGradientScratch(r);
        string hidden = $"Data({r.HiddenTrainingBuffer})";
        w.Line("/// <summary>");
        w.Line($"/// {r.Spec.Name} backward through time for samples b0..b1 (dy and dx are the whole buffers): dP per step into _gateGradients{i}{(gru ? $" (and dR into _recurrentGradients{i})" : "")},");
        w.Line($"/// ∂L/∂h_{{t−1}} = dR · W_hhᵀ per step; then, when <paramref name=\"inputGradient\"/> is set, dx = dP · W_ihᵀ (=) for every step (dx row stride {r.InputRowStride}{(scratch ? $", computed at stride {fp} in a scratch buffer and copied" : "")}).");
        w.Line("/// </summary>");
        using (w.Open($"private void {n}Backward(ref float dy, ref float dx, int b0, int b1, bool inputGradient)"))
        {
            w.Line("int rows = b1 - b0;");
            w.Line($"ref float gates = ref Data(_gates{i});");
            w.Line($"ref float hidden = ref {hidden};");
            if (HasSaved(r)) w.Line($"ref float saved = ref Data(_saved{i});");
            w.Line($"ref float gateGradients = ref Data(_gateGradients{i});");
            w.Line($"ref float recurrentGradients = ref Data({(gru ? $"_recurrentGradients{i}" : $"_gateGradients{i}")});");
            w.Line($"ref float hiddenGradient = ref Data(_hiddenGradient{i});");
            if (lstm || gru) w.Line($"ref float stateGradient = ref Data(_stateGradient{i});");
            w.Line($"ref float transposed = ref Data(_transposedRecurrent{i}!); // refreshed by Backward before this stage");
            if (r.VariableLength) w.Line("ref int lengths = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_trainingLengths);");
            using (w.Open("for (int b = b0; b < b1; b++)"))
            {
                w.Line($"global::System.Span<float> dh = {Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref hiddenGradient, b * {hp})", h)};");
                if (r.VariableLength)
                {
                    w.Line(r.ReturnSequences ? "dh.Clear();" : "dh.Clear(); // ∂L/∂h enters at each sample's last real step");
                    if (gru) w.Line($"{Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref stateGradient, b * {hp})", h)}.Clear();");
                }
                else if (r.ReturnSequences) w.Line("dh.Clear();");
                else w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {hp}), {h}).CopyTo(dh); // ∂L/∂h of the last step");
                if (lstm) w.Line($"{Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref stateGradient, b * {hp})", h)}.Clear();");
            }
            // firstStep: step 0; given: step 0 from the given initial state (the full step, with the previous state passed in).
            void StepRows(bool firstStep, bool given = false)
            {
                using (w.Open("for (int b = b0; b < b1; b++)"))
                {
                    w.Line($"ref float dh = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hiddenGradient, b * {hp});");
                    if (r.VariableLength)
                    {
                        string gateRow = firstStep ? $"b * {t * gs}" : $"b * {t * gs} + t * {gs}";
                        if (!firstStep)
                        {
                            w.Line("int length = global::System.Runtime.CompilerServices.Unsafe.Add(ref lengths, b);");
                            using (w.Open("if (t >= length)"))
                            {
                                w.Line($"{Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref gateGradients, {gateRow})", r.GateColumns)}.Clear(); // a padded step adds nothing");
                                if (gru) w.Line($"{Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrentGradients, {gateRow})", r.GateColumns)}.Clear();");
                                w.Line("continue;");
                            }
                        }
                        if (!r.ReturnSequences)
                        {
                            string last = firstStep ? "global::System.Runtime.CompilerServices.Unsafe.Add(ref lengths, b) == 1" : "t == length - 1";
                            w.Line($"if ({last}) global::System.Numerics.Tensors.TensorPrimitives.Add({Span("dh", h)}, global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {hp}), {h}), {Span("dh", h)});");
                        }
                    }
                    if (r.ReturnSequences)
                    {
                        w.Line($"global::System.Span<float> dhRow = {Span("dh", h)};");
                        w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(dhRow, global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {seq}{(firstStep ? "" : $" + t * {hp}")}), {h}), dhRow);");
                    }
                    w.Line($"ref float h = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hidden, b * {seq}{(firstStep ? "" : $" + t * {hp}")});");
                    string state = lstm || gru ? $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref stateGradient, b * {hp})" : "";
                    string savedRow = HasSaved(r) ? $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref saved, b * {seq}{(firstStep ? "" : $" + t * {hp}")})" : "";
                    string offset = firstStep ? $"b * {t * gs}" : $"b * {t * gs} + t * {gs}";
                    string gradients = $"ref global::System.Runtime.CompilerServices.Unsafe.Add(ref gateGradients, {offset}){(gru ? $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrentGradients, {offset})" : "")}";
                    string previous = given ? r.Spec.Kind switch
                    {
                        RecurrentFamily.LSTM => $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref initialCell, b * {h})",
                        _ => $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref initialHidden, b * {h})",
                    } : firstStep ? "" : lstm ? $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref saved, b * {seq} + (t - 1) * {hp})" : $", ref global::System.Runtime.CompilerServices.Unsafe.Subtract(ref h, {hp})";
                    w.Line($"{n}{(firstStep && !given ? "GatesBackwardFirst" : "GatesBackward")}(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref gates, {offset}), ref h{previous}{savedRow}, ref dh{state}, {gradients});");
                }
            }
            using (w.Open($"for (int t = {t - 1}; t > 0; t--)"))
            {
                StepRows(firstStep: false);
                w.Line($"// ∂L/∂h_{{t−1}} = dR[:, t] · W_hhᵀ (=), [rows, {r.GateColumns}] × [{r.GateColumns}, {hp}]{(gru ? ", plus the z ⊙ ∂L/∂h_t that bypasses the gates" : "")}.");
                w.Line($"{n}HiddenGradientKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrentGradients, b0 * {t * gs} + t * {gs}), ref transposed, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hiddenGradient, b0 * {hp}), rows);");
                if (gru)
                {
                    w.Line($"for (int b = b0; b < b1; b++) global::System.Numerics.Tensors.TensorPrimitives.Add({Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref hiddenGradient, b * {hp})", h)}, {Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref stateGradient, b * {hp})", h)}, {Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref hiddenGradient, b * {hp})", h)});");
                }
            }
            if (r.State)
            {
                w.Line($"ref float initialHidden = ref Data(_initialHidden{i});");
                if (lstm) w.Line($"ref float initialCell = ref Data(_initialCell{i});");
                w.Line("// Step 0 from the given initial state, whose gradient goes out.");
                StepRows(firstStep: true, given: true);
                w.Line($"// ∂L/∂h₀ = dR[:, 0] · W_hhᵀ{(gru ? " + z ⊙ ∂L/∂h_0" : "")}{(lstm ? "; ∂L/∂c₀ = f ⊙ dc, left in the state gradient" : "")}; both [batch, {h}] unpadded.");
                w.Line($"{n}HiddenGradientKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrentGradients, b0 * {t * gs}), ref transposed, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hiddenGradient, b0 * {hp}), rows);");
                using (w.Open("for (int b = b0; b < b1; b++)"))
                {
                    w.Line($"global::System.Span<float> dh = {Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref hiddenGradient, b * {hp})", h)};");
                    if (gru) w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(dh, {Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref stateGradient, b * {hp})", h)}, dh);");
                    w.Line($"dh.CopyTo(View(_initialHiddenGradient{i}, b * {h}, {h}));");
                    if (lstm) w.Line($"{Span($"global::System.Runtime.CompilerServices.Unsafe.Add(ref stateGradient, b * {hp})", h)}.CopyTo(View(_initialCellGradient{i}, b * {h}, {h}));");
                }
            }
            else
            {
                w.Line("// Step 0: the previous state is the zero initial state, whose gradient is not needed.");
                StepRows(firstStep: true);
            }
            w.Line("if (!inputGradient) return;");
            w.Line($"// dx = dP · W_ihᵀ for every step, [rows·{t}, {r.GateColumns}] × [{r.GateColumns}, {fp}].");
            w.Line($"ref float transposedInput = ref Data(_transposedInput{i}!);");
            if (!scratch)
            {
                w.Line($"{n}InputGradientKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref gateGradients, b0 * {t * gs}), ref transposedInput, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b0 * {t * fp}), rows * {t});");
            }
            else
            {
                w.Line($"ref float padded = ref Data(_inputGradientScratch{i});");
                w.Line($"{n}InputGradientKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref gateGradients, b0 * {t * gs}), ref transposedInput, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref padded, b0 * {t * fp}), rows * {t});");
                w.Line($"for (int row = b0 * {t}; row < b1 * {t}; row++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref padded, row * {fp}), {r.Features}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, row * {r.InputRowStride}), {r.Features}));");
            }
        }
        w.Line();
    }

    /// <summary>One sample's gate gradients at one step (element-wise over the hidden units, from the saved activations).</summary>
    private static void EmitGatesBackward(SourceWriter w, RecurrentPlan r, bool first)
    {
        string n = r.Name;
        int h = r.Hidden;
        bool gru = r.Spec.Kind == RecurrentFamily.GRU, lstm = r.Spec.Kind == RecurrentFamily.LSTM;
        string name = first ? $"{n}GatesBackwardFirst" : $"{n}GatesBackward";
        string previous = first ? "" : lstm ? ", ref float previousCell" : ", ref float previous";
        string saved = HasSaved(r) ? ", ref float saved" : "";
        string state = lstm || gru ? ", ref float state" : "";
        string recurrentGradient = gru ? ", ref float dr" : "";
        string what = r.Spec.Kind switch
        {
            RecurrentFamily.LSTM => "dc = state + dh ⊙ o ⊙ (1 − tanh²c); dP_i = dc ⊙ g ⊙ i(1 − i), dP_f = dc ⊙ c₋ ⊙ f(1 − f), dP_g = dc ⊙ i ⊙ (1 − g²), dP_o = dh ⊙ tanh c ⊙ o(1 − o); state = dc ⊙ f",
            RecurrentFamily.GRU => "dP_n = dh ⊙ (1 − z) ⊙ (1 − n²), dP_r = dP_n ⊙ R_n ⊙ r(1 − r), dP_z = dh ⊙ (h₋ − n) ⊙ z(1 − z); dR = dP with dR_n = dP_n ⊙ r; state = dh ⊙ z",
            _ => "dP = dh ⊙ (1 − h²)",
        };
        w.Line($"/// <summary>{r.Spec.Name} gate gradients of one sample at {(first ? "step 0 (zero previous state)" : "one step")}: {what}.</summary>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {name}(ref float gates, ref float h{previous}{saved}, ref float dh{state}, ref float dp{recurrentGradient})"))
        {
            switch (r.Spec.Kind)
            {
                case RecurrentFamily.SimpleRNN:
                    EmitElementLoop(w, h, isa =>
                    {
                        string one = One(isa);
                        w.Line($"{Type(isa)} y = {Load(isa, "h", 0)};");
                        w.Line(Store(isa, "dp", 0, $"{Load(isa, "dh", 0)} * ({one} - y * y)"));
                    });
                    break;
                case RecurrentFamily.LSTM:
                    EmitElementLoop(w, h, isa =>
                    {
                        string one = One(isa), t = Type(isa);
                        w.Line($"{t} i = {Load(isa, "gates", 0)}, f = {Load(isa, "gates", h)}, g = {Load(isa, "gates", 2 * h)}, o = {Load(isa, "gates", 3 * h)};");
                        w.Line($"{t} tanhC = {Tanh(Load(isa, "saved", 0))}, dhj = {Load(isa, "dh", 0)};");
                        w.Line($"{t} dc = {Load(isa, "state", 0)} + dhj * o * ({one} - tanhC * tanhC);");
                        w.Line(Store(isa, "dp", 0, $"dc * g * i * ({one} - i)"));
                        w.Line(Store(isa, "dp", h, first ? Zero(isa) : $"dc * {Load(isa, "previousCell", 0)} * f * ({one} - f)"));
                        w.Line(Store(isa, "dp", 2 * h, $"dc * i * ({one} - g * g)"));
                        w.Line(Store(isa, "dp", 3 * h, $"dhj * tanhC * o * ({one} - o)"));
                        w.Line(Store(isa, "state", 0, "dc * f"));
                    });
                    break;
                case RecurrentFamily.GRU:
                    EmitElementLoop(w, h, isa =>
                    {
                        string one = One(isa), t = Type(isa);
                        w.Line($"{t} reset = {Load(isa, "gates", 0)}, z = {Load(isa, "gates", h)}, candidate = {Load(isa, "gates", 2 * h)};");
                        w.Line($"{t} dhj = {Load(isa, "dh", 0)}, before = {(first ? Zero(isa) : Load(isa, "previous", 0))};");
                        w.Line($"{t} dn = dhj * ({one} - z) * ({one} - candidate * candidate);");
                        w.Line($"{t} dReset = dn * {Load(isa, "saved", 0)} * reset * ({one} - reset);");
                        w.Line($"{t} dz = dhj * (before - candidate) * z * ({one} - z);");
                        w.Line($"{Store(isa, "dp", 0, "dReset")} {Store(isa, "dp", h, "dz")} {Store(isa, "dp", 2 * h, "dn")}");
                        w.Line($"{Store(isa, "dr", 0, "dReset")} {Store(isa, "dr", h, "dz")} {Store(isa, "dr", 2 * h, "dn * reset")}");
                        w.Line(Store(isa, "state", 0, "dhj * z"));
                    });
                    break;
            }
        }
        w.Line();
    }

    /// <summary>
    /// An element-wise loop over the <paramref name="hidden"/> units of a gate block: the widest vectors the machine
    /// accelerates first (512 then 256 bits: the gates' exponentials make this compute-bound), 128-bit ones after them
    /// (every SIMD target has those), then the units left over one at a time (a block is not padded, so a wider store
    /// would reach into the next block). The body gets the width, or null for single floats.
    /// </summary>
    private static void EmitElementLoop(SourceWriter w, int hidden, System.Action<VectorIsa?> body)
    {
        w.Line("nuint j = 0;");
        foreach (VectorIsa isa in VectorIsa.All)
        {
            int whole = hidden / isa.Width * isa.Width;
            if (whole == 0) continue;
            if (isa == VectorIsa.V128)
            {
                using (w.Open($"for (; j < {whole}; j += {isa.Width})")) body(isa);
                continue;
            }
            using (w.Open($"if ({isa.Type}.IsHardwareAccelerated)"))
            {
                using (w.Open($"for (; j < {whole}; j += {isa.Width})")) body(isa);
            }
        }
        if (hidden % VectorIsa.V128.Width != 0)
        {
            using (w.Open($"for (; j < {hidden}; j++)")) body(null);
        }
    }

    // The element loops' pieces for a vector width, or for single floats where isa is null.
    private static string Type(VectorIsa? isa) => isa?.FloatVector ?? "float";

    private static string One(VectorIsa? isa) => isa is null ? "1f" : $"{isa.FloatVector}.One";

    private static string Zero(VectorIsa? isa) => isa is null ? "0f" : $"{isa.FloatVector}.Zero";

    private static string Load(VectorIsa? isa, string buffer, int offset) => isa is null
        ? $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {buffer}, {(offset == 0 ? "j" : $"{offset} + j")})"
        : $"{isa.Type}.LoadUnsafe(ref {buffer}{(offset == 0 ? ", j" : $", j + {offset}")})";

    private static string Store(VectorIsa? isa, string buffer, int offset, string value) => isa is null
        ? $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {buffer}, {(offset == 0 ? "j" : $"{offset} + j")}) = {value};"
        : $"{isa.Type}.StoreUnsafe({value}, ref {buffer}{(offset == 0 ? ", j" : $", j + {offset}")});";

    private static void EmitWeightGradients(SourceWriter w, RecurrentPlan r)
    {
        string n = r.Name;
        string i = r.Id; int t = r.Steps, gs = r.GateStride, hp = r.HiddenPadded, seq = r.SequenceStride, g = r.GateColumns;
        bool gru = r.Spec.Kind == RecurrentFamily.GRU;
        string hidden = $"Data({r.HiddenTrainingBuffer})";
        w.Line("/// <summary>");
        w.Line($"/// {r.Spec.Name} parameter gradients (+=), part <paramref name=\"part\"/> of <paramref name=\"parts\"/>: dW_ih += xᵀ · dP over every step for this part's input rows,");
        w.Line($"/// dW_hh += h_{{t−1}}ᵀ · dR_t over steps {(r.State ? 0 : 1)}..{t - 1} of each sample for this part's hidden rows{(r.State ? " (h₋₁ the initial state)" : "")}; db_ih += Σ dP and db_hh += Σ dR (part 0).");
        w.Line("/// </summary>");
        using (w.Open($"private void {n}WeightGradients(ref float x, int batch, int part, int parts)"))
        {
            w.Line("ref float gradients = ref Data(_gradients);");
            w.Line($"ref float gateGradients = ref Data(_gateGradients{i});");
            w.Line($"ref float recurrentGradients = ref Data({(gru ? $"_recurrentGradients{i}" : $"_gateGradients{i}")});");
            w.Line($"(int k0, int k1) = global::NetGen.ParallelRunner.Partition({r.Features}, part, parts);");
            w.Line($"{n}InputWeightGradientKernel(ref x, ref gateGradients, ref {Add("gradients", r.InputWeightOffset)}, batch * {t}, k0, k1);");
            if (t > 1) w.Line($"ref float hidden = ref {hidden};");
            if (t > 1 || r.State) w.Line($"(int h0, int h1) = global::NetGen.ParallelRunner.Partition({r.Hidden}, part, parts);");
            if (r.State)
            {
                w.Line($"ref float initialHidden = ref Data(_initialHidden{i});");
                w.Line($"for (int b = 0; b < batch; b++) {n}InitialWeightGradientKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref initialHidden, b * {r.Hidden}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrentGradients, b * {t * gs}), ref {Add("gradients", r.RecurrentWeightOffset)}, 1, h0, h1);");
            }
            if (t > 1)
            {
                w.Line($"for (int b = 0; b < batch; b++) {n}RecurrentWeightGradientKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hidden, b * {seq}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrentGradients, b * {t * gs} + {gs}), ref {Add("gradients", r.RecurrentWeightOffset)}, {t - 1}, h0, h1);");
            }
            w.Line("if (part != 0) return;");
            w.Line($"global::System.Span<float> inputBias = View(_gradients, {r.InputBiasOffset}, {g}), recurrentBias = View(_gradients, {r.RecurrentBiasOffset}, {g});");
            using (w.Open($"for (int row = 0; row < batch * {t}; row++)"))
            {
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(inputBias, global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref gateGradients, row * {gs}), {g}), inputBias);");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(recurrentBias, global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrentGradients, row * {gs}), {g}), recurrentBias);");
            }
        }
        w.Line();
    }

    private static void EmitTranspose(SourceWriter w, RecurrentPlan r)
    {
        string n = r.Name;
        string i = r.Id; int gs = r.GateStride, g = r.GateColumns, fp = r.FeaturesPadded, hp = r.HiddenPadded;
        w.Line($"/// <summary>Refreshes W_ihᵀ [{g}, {fp}] and W_hhᵀ [{g}, {hp}] (zero padded) from {r.Spec.Name}'s weights, for backward.</summary>");
        using (w.Open($"private void {n}TransposeWeights()"))
        {
            w.Line($"_transposedInput{i} ??= global::NetGen.CompilerServices.AlignedArrays.Allocate({g * fp});");
            w.Line($"_transposedRecurrent{i} ??= global::NetGen.CompilerServices.AlignedArrays.Allocate({g * hp});");
            w.Line("ref float parameters = ref Data(_parameters);");
            w.Line($"ref float input = ref Data(_transposedInput{i});");
            w.Line($"ref float recurrent = ref Data(_transposedRecurrent{i});");
            w.Line($"for (int k = 0; k < {r.Features}; k++) for (int j = 0; j < {g}; j++) global::System.Runtime.CompilerServices.Unsafe.Add(ref input, j * {fp} + k) = global::System.Runtime.CompilerServices.Unsafe.Add(ref parameters, {r.InputWeightOffset} + k * {gs} + j);");
            w.Line($"for (int k = 0; k < {r.Hidden}; k++) for (int j = 0; j < {g}; j++) global::System.Runtime.CompilerServices.Unsafe.Add(ref recurrent, j * {hp} + k) = global::System.Runtime.CompilerServices.Unsafe.Add(ref parameters, {r.RecurrentWeightOffset} + k * {gs} + j);");
        }
        w.Line();
    }

    private static void EmitKernels(SourceWriter w, RecurrentPlan r)
    {
        string n = r.Name, name = r.Spec.Name;
        int t = r.Steps, gs = r.GateStride, hp = r.HiddenPadded, fp = r.FeaturesPadded, g = r.GateColumns;
        var input = new GemmSpec($"{n}InputKernel", $"{name} input projection P = x · W_ih + b_ih", r.Features, r.InputRowStride, gs, gs, gs, true, null);
        var recurrent = new GemmSpec($"{n}RecurrentKernel", $"{name} recurrent product R = h · W_hh + b_hh", r.Hidden, r.SequenceStride, gs, gs, gs, true, null);
        var hiddenGradient = new GemmSpec($"{n}HiddenGradientKernel", $"{name} hidden gradient dh = dR · W_hhᵀ", g, t * gs, hp, hp, hp, false, null);
        var inputGradient = new GemmSpec($"{n}InputGradientKernel", $"{name} input gradient dx = dP · W_ihᵀ", g, gs, fp, fp, fp, false, null);
        var inputWeights = new WeightGradientSpec($"{n}InputWeightGradient", name, "W_ih gradient", r.Features, gs, r.InputRowStride, gs);
        var recurrentWeights = new WeightGradientSpec($"{n}RecurrentWeightGradient", name, "W_hh gradient", r.Hidden, gs, hp, gs);
        const string gemm = "ref float x, ref float w, ref float y, int batch", gemmArguments = "ref x, ref w, ref y, batch";
        const string biased = "ref float x, ref float w, ref float bias, ref float y, int batch", biasedArguments = "ref x, ref w, ref bias, ref y, batch";
        const string weights = "ref float x, ref float dz, ref float dw, int batch, int kStart, int kEnd", weightArguments = "ref x, ref dz, ref dw, batch, kStart, kEnd";
        var initialRecurrent = new GemmSpec($"{n}InitialRecurrentKernel", $"{name} step 0 recurrent product R = h₀ · W_hh + b_hh", r.Hidden, r.Hidden, gs, gs, gs, true, null);
        var initialWeights = new WeightGradientSpec($"{n}InitialWeightGradient", name, "W_hh gradient of step 0", r.Hidden, gs, r.Hidden, gs);
        if (r.State)
        {
            Dispatch(w, initialRecurrent.Name, biased, biasedArguments);
            Dispatch(w, initialWeights.Name + "Kernel", weights, weightArguments);
        }
        Dispatch(w, input.Name, biased, biasedArguments);
        Dispatch(w, recurrent.Name, biased, biasedArguments);
        Dispatch(w, hiddenGradient.Name, gemm, gemmArguments);
        Dispatch(w, inputGradient.Name, gemm, gemmArguments);
        Dispatch(w, inputWeights.Name + "Kernel", weights, weightArguments);
        Dispatch(w, recurrentWeights.Name + "Kernel", weights, weightArguments);
        foreach (VectorIsa isa in VectorIsa.All)
        {
            GemmEmitter.Emit(w, input, isa);
            GemmEmitter.Emit(w, recurrent, isa);
            GemmEmitter.Emit(w, hiddenGradient, isa);
            GemmEmitter.Emit(w, inputGradient, isa);
            EmitWeightGradientKernel(w, inputWeights, isa);
            EmitWeightGradientKernel(w, recurrentWeights, isa);
            if (!r.State) continue;
            GemmEmitter.Emit(w, initialRecurrent, isa);
            EmitWeightGradientKernel(w, initialWeights, isa);
        }
    }
}
