using Microsoft.ML.OnnxRuntime;
using NetGen.Benchmarks.Onnx;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// A workload's network in ONNX Runtime, inference only, set up as a latency-minded user would: the model
/// from <see cref="OnnxModelWriter"/>, all graph optimizations, sequential execution, IntraOpNumThreads =
/// threads, and input/output OrtValues over preallocated managed arrays bound once through an
/// <see cref="OrtIoBinding"/>, so a call allocates as little as the API allows.
/// </summary>
public sealed class OnnxRuntimePeer : IInferencePeer
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _input, _output;
    private readonly OrtValue _inputValue, _outputValue;
    private readonly OrtIoBinding _binding;

    public int Batch { get; }

    /// <summary>The last <see cref="Predict"/>'s logits, [batch, out].</summary>
    public ReadOnlySpan<float> Output => _output;

    /// <summary>The MLP with inputs [batch, in].</summary>
    public OnnxRuntimePeer(MlpWorkload workload, int threads, int batch)
        : this(OnnxModelWriter.WriteMlp(workload), workload.InputBatch(batch), [batch, workload.InputSize], workload.OutputSize, threads, batch)
    {
    }

    /// <summary>The CNN with inputs [batch, C, H, W].</summary>
    public OnnxRuntimePeer(CnnWorkload workload, int threads, int batch)
        : this(OnnxModelWriter.WriteCnn(workload), workload.Inputs.AsSpan(0, batch * workload.InputSize),
            [batch, workload.InputShape.Channels, workload.InputShape.Height, workload.InputShape.Width], workload.OutputSize, threads, batch)
    {
    }

    /// <summary>The LSTM or GRU with inputs [batch, T, F].</summary>
    public OnnxRuntimePeer(RnnWorkload workload, int threads, int batch)
        : this(OnnxModelWriter.WriteRnn(workload), workload.InputBatch(batch), [batch, workload.Steps, workload.InputSize], workload.OutputSize, threads, batch)
    {
    }

    private OnnxRuntimePeer(byte[] model, ReadOnlySpan<float> inputs, long[] inputShape, int outputSize, int threads, int batch)
    {
        Batch = batch;
        _options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, _options);

        _input = inputs.ToArray();
        _output = new float[batch * outputSize];
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, inputShape);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, [batch, outputSize]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("input", _inputValue);
        _binding.BindOutput("output", _outputValue);
    }

    /// <summary>Inference on the setup batch; the logits land in <see cref="Output"/>.</summary>
    public void Predict() => _session.RunWithBinding(_runOptions, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _options.Dispose();
    }
}
