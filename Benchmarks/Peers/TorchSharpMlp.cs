using NetGen.Benchmarks.Workloads;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The workload's MLP as a TorchSharp user writes it: <c>nn.Sequential</c> of <c>Linear</c>/<c>ReLU</c>,
/// inference under <c>no_grad</c>, training with <c>CrossEntropyLoss</c> and <c>optim.SGD</c>.
/// Inputs and labels are tensors made once, in setup, for one batch size.
/// </summary>
/// <remarks>
/// <c>torch.set_num_threads</c> is process-wide: the last peer constructed sets it for all.
/// Call <see cref="TorchSharpProbe.Unavailable"/> first; without the newer C++ runtime (see README.md)
/// every TorchSharp call throws.
/// </remarks>
public sealed class TorchSharpMlp : IInferencePeer
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly List<nn.Module<Tensor, Tensor>> _linears = [];
    private readonly nn.Module<Tensor, Tensor, Tensor> _loss = nn.CrossEntropyLoss();
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _input;   // [batch, in]
    private readonly Tensor _labels;  // [batch] int64
    private readonly float[] _output; // [batch, out]

    public int Batch { get; }

    /// <summary>The last <see cref="Predict"/>'s logits, [batch, out].</summary>
    public ReadOnlySpan<float> Output => _output;

    public TorchSharpMlp(MlpWorkload workload, int threads, int batch)
    {
        torch.set_num_threads(threads);
        Batch = batch;

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int l = 0; l < workload.LayerCount; l++)
        {
            int fanIn = workload.Sizes[l], fanOut = workload.Sizes[l + 1];
            var linear = nn.Linear(fanIn, fanOut);
            using (torch.no_grad())
            {
                using var w = torch.tensor(workload.Weights[l], [fanOut, fanIn]);
                using var b = torch.tensor(workload.Biases[l], [fanOut]);
                linear.weight!.copy_(w);
                linear.bias!.copy_(b);
            }
            _linears.Add(linear);
            layers.Add(($"fc{l}", linear));
            if (l < workload.LayerCount - 1) layers.Add(($"relu{l}", nn.ReLU()));
        }
        _model = nn.Sequential(layers);
        _optimizer = optim.SGD(_model.parameters(), MlpWorkload.LearningRate);

        _input = torch.tensor(workload.InputBatch(batch).ToArray(), [batch, workload.InputSize]);
        _labels = torch.tensor(Array.ConvertAll(workload.LabelBatch(batch).ToArray(), v => (long)v), [batch]);
        _output = new float[batch * workload.OutputSize];
    }

    /// <summary>Inference on the setup batch; the logits are copied to <see cref="Output"/>.</summary>
    public void Predict()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor logits = _model.forward(_input);
        logits.data<float>().CopyTo(_output);
    }

    /// <summary>zero_grad, forward, cross-entropy, backward, SGD step; returns the loss before the step.</summary>
    public float TrainStep()
    {
        using var scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        Tensor logits = _model.forward(_input);
        Tensor loss = _loss.forward(logits, _labels);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Weights [out*in] and biases per Linear, in PyTorch layout, for checks.</summary>
    public (float[][] Weights, float[][] Biases) ReadParameters()
    {
        var weights = new float[_linears.Count][];
        var biases = new float[_linears.Count][];
        for (int l = 0; l < _linears.Count; l++)
        {
            var linear = (TorchSharp.Modules.Linear)_linears[l];
            weights[l] = linear.weight!.data<float>().ToArray();
            biases[l] = linear.bias!.data<float>().ToArray();
        }
        return (weights, biases);
    }

    public void Dispose()
    {
        _input.Dispose();
        _labels.Dispose();
        _optimizer.Dispose();
        _loss.Dispose();
        _model.Dispose();
    }
}

/// <summary>Whether TorchSharp's native library loads in this process, and if not, why.</summary>
public static class TorchSharpProbe
{
    private static readonly Lazy<string?> s_reason = new(Probe);

    /// <summary>Null when TorchSharp works; otherwise the reason it does not, ready to print.</summary>
    public static string? Unavailable => s_reason.Value;

    private static string? Probe()
    {
        try
        {
            using Tensor one = torch.ones(1);
            return null;
        }
        catch (Exception e)
        {
            Exception inner = e;
            while (inner.InnerException is not null) inner = inner.InnerException;
            string detail = inner.Message.Split('\n')[0];
            if (detail.Contains("GLIBCXX", StringComparison.Ordinal) || inner is DllNotFoundException || e is TypeInitializationException)
            {
                // TorchSharp reports a failed native load as a missing libtorch package reference; on Debian 12
                // the real cause is libLibTorchSharp.so needing GLIBCXX_3.4.32.
                detail += " (on Debian 12 the usual cause: TorchSharp's native wrapper needs GLIBCXX_3.4.32, newer than the " +
                          "system libstdc++; run under ../shared/tools/torch-sysroot.sh, see Benchmarks/README.md)";
            }
            return $"TorchSharp cannot load: {inner.GetType().Name}: {detail}";
        }
    }
}
