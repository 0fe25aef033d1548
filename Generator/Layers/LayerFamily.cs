using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// One family of layers (Dense, convolutions, recurrent cells, ...): everything the generator knows about it. The
/// network shell asks the family of each layer for its part of every generated member and knows no layer kind;
/// <see cref="LayerCatalog"/> lists the families.
/// </summary>
/// <remarks>
/// Declaration (attribute reading, shape rule, placement in the buffers, summary name) is in LayerFamily.Declaration.cs;
/// emission (fields, buffers, parameter views, pass steps, kernels, weight tensors) here. A family's own files sit
/// together in its folder under Layers/: <c>XFamily.cs</c> emits, <c>XFamily.Declaration.cs</c> declares.
/// Every hook has the do-nothing default, so a family overrides only what its layers have.
/// </remarks>
internal abstract partial class LayerFamily
{
    /// <summary>The layer kinds of this family (a family may cover several close kinds, e.g. max and average pooling).</summary>
    public abstract IReadOnlyList<string> Kinds { get; }

    // ---- members ----

    /// <summary>The layer's kernels: forward and backward side by side. Called only for layers with a buffer.</summary>
    public abstract void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer);

    /// <summary>Public views of the layer's parameters and their gradients (e.g. <c>Fc1Weight</c>), and of its state.</summary>
    public virtual void EmitParameterViews(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>The layer's tensors in weight files, in file order.</summary>
    public virtual IEnumerable<WeightTensor> Tensors(NetworkPlan plan, LayerPlan layer) => [];

    // ---- fields and buffers ----

    /// <summary>Fields the network allocates once with itself (not batch-sized), e.g. batch norm's statistics.</summary>
    public virtual void EmitFields(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>Batch-sized training buffers besides the layer's output and its gradient, as declarators (", _mask3 = []").</summary>
    public virtual string TrainingBuffers(LayerPlan layer) => "";

    /// <summary>Training fields made on first use or kept per thread (transposed weights, scratch), declared after the buffers.</summary>
    public virtual void EmitTrainingFields(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>Statements of GrowTraining(batch) that size the layer's batch-sized training buffers.</summary>
    public virtual void EmitGrowTraining(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>The layer's fields of InferenceBuffers, the per-thread buffers of Predict.</summary>
    public virtual void EmitInferenceFields(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>Statements of InferenceBuffers.Grow(batch) for the layer's batch-sized inference buffers.</summary>
    public virtual void EmitGrowInference(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>
    /// Floats of scratch one part of a Predict call needs for this layer (not per sample), in the call's shared scratch
    /// buffer; each layer keeps its own slice, so what it writes once there (a zero border) stays.
    /// </summary>
    public virtual int InferenceScratch(LayerPlan layer) => 0;

    /// <summary>The most floats a batch-sized buffer of the layer (other than its output) holds per sample: what bounds the batch.</summary>
    public virtual long MaxFloatsPerSample(NetworkPlan plan, LayerPlan layer) => 0;

    /// <summary>Multiply-add work of the layer's forward pass for one sample, in FLOP.</summary>
    public virtual long ForwardFlops(NetworkPlan plan, LayerPlan layer) => 0;

    // ---- initialization and state ----

    /// <summary>Statements of InitializeParameters(seed) filling the layer's parameters (after Parameters.Clear(); <c>random</c> is seeded).</summary>
    public virtual void EmitInitialization(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>What the family's initialization sets besides weights and biases, for InitializeParameters' summary.</summary>
    public virtual string? InitializationNote => null;

    /// <summary>Statements of ResetState(state) giving the layer's state its starting values (after it is cleared).</summary>
    public virtual void EmitStateReset(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>Whether the layer carries state from one pass to the next, so Predict must run alone.</summary>
    public virtual bool CarriesState(NetworkPlan plan, LayerPlan layer) => false;

    /// <summary>Statements at the start of Predict of a network that carries state.</summary>
    public virtual void EmitPredictStart(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    // ---- passes ----

    /// <summary>As the first layer: whether the network input is token ids, which Predict and Forward check.</summary>
    public virtual bool ReadsTokens => false;

    /// <summary>Whether the layer passes its input through unchanged at inference (Predict then skips it).</summary>
    public virtual bool IdentityAtInference => false;

    /// <summary>What training Forward does besides keeping every layer's output, for its summary (e.g. batch statistics).</summary>
    public virtual string? TrainingForwardNote => null;

    /// <summary>An argument check of training Forward's batch the layer needs (e.g. batch norm's at least 2 samples), or null.</summary>
    public virtual string? TrainingBatchCheck(LayerPlan layer) => null;

    /// <summary>Whether the layer's own forward step copies the network input into the kept input buffer (only as the first layer).</summary>
    public virtual bool CopiesNetworkInput(LayerPlan layer) => false;

    /// <summary>Predict's steps for the layer.</summary>
    public virtual IEnumerable<PassStep> PredictSteps(ForwardPass pass) => [pass.Standard(ForwardArguments(pass, part: false), ForwardArguments(pass, part: true))];

    /// <summary>Training Forward's steps for the layer.</summary>
    public virtual IEnumerable<PassStep> ForwardSteps(ForwardPass pass) => [pass.Standard(ForwardArguments(pass, part: false), ForwardArguments(pass, part: true))];

    /// <summary>Arguments the standard forward step passes after the batch (scratch, lengths), each with its leading comma.</summary>
    protected virtual string ForwardArguments(ForwardPass pass, bool part) => "";

    /// <summary>Statements before a training pass that make the layer's per-thread scratch (<c>runner</c> is the pass's).</summary>
    public virtual void EmitTrainingScratch(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>Statements at the start of Backward, before any step (e.g. transposing weights when they are needed).</summary>
    public virtual void EmitBackwardStart(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
    }

    /// <summary>Backward's steps for the layer, in order.</summary>
    public abstract IEnumerable<PassStep> BackwardSteps(BackwardPass pass);
}
