using Microsoft.ML.OnnxRuntime;
using NetGen.Benchmarks.Onnx;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The workload's LSTM or GRU in ONNX Runtime, inference only, set up as a latency-minded user would: the model
/// from <see cref="OnnxModelWriter"/>, all graph optimizations, sequential execution, IntraOpNumThreads =
/// threads, and input/output OrtValues over preallocated managed arrays bound once through an
/// <see cref="OrtIoBinding"/>, so a call allocates as little as the API allows.
/// </summary>
public sealed class OnnxRuntimeRnn : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _input;   // [batch, T, F]
    private readonly float[] _output;  // [batch, out]
    private readonly OrtValue _inputValue, _outputValue;
    private readonly OrtIoBinding _binding;

    public int Batch { get; }

    /// <summary>The last <see cref="Predict"/>'s logits, [batch, out].</summary>
    public ReadOnlySpan<float> Output => _output;

    public OnnxRuntimeRnn(RnnWorkload workload, int threads, int batch)
    {
        Batch = batch;
        _options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(OnnxModelWriter.WriteRnn(workload), _options);

        _input = workload.InputBatch(batch).ToArray();
        _output = new float[batch * workload.OutputSize];
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [batch, workload.Steps, workload.InputSize]);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_output, [batch, workload.OutputSize]);
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
