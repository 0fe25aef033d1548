using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>
/// Each optimizer against a scalar double implementation of PyTorch's update written out in the test,
/// over three steps with changing gradients: on 3 parameters (the scalar tail alone) and on 37 (vector
/// body plus tail). Then argument checks and allocation.
/// </summary>
public class OptimizerTests
{
    /// <summary>One step of a reference optimizer over doubles, index by index; state lives in the closure.</summary>
    private delegate void ReferenceStep(double[] p, double[] g, int t);

    private static readonly float[][] Gradients3 =
    [
        [0.5f, -1.5f, 0.25f],
        [0.1f, -0.2f, 3.0f],
        [-0.7f, 0.0f, 0.4f],
    ];

    private static readonly float[] Start3 = [1.0f, -2.0f, 0.5f];

    private static ReferenceStep ReferenceSgd(int n, double lr, double mu, bool nesterov, double wd)
    {
        var b = new double[n];
        return (p, grad, t) =>
        {
            for (int i = 0; i < n; i++)
            {
                double g = grad[i] + wd * p[i];
                if (mu != 0)
                {
                    b[i] = t == 1 ? g : mu * b[i] + g; // PyTorch: buf = clone(g) on the first step
                    g = nesterov ? g + mu * b[i] : b[i];
                }
                p[i] -= lr * g;
            }
        };
    }

    private static ReferenceStep ReferenceAdam(int n, double lr, double b1, double b2, double eps, double l2, double decoupled)
    {
        double[] m = new double[n], v = new double[n];
        return (p, grad, t) =>
        {
            for (int i = 0; i < n; i++)
            {
                p[i] *= 1 - lr * decoupled; // AdamW
                double g = grad[i] + l2 * p[i]; // Adam (only one of l2 and decoupled is non-zero here)
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(b1, t));
                double denominator = Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(b2, t)) + eps;
                p[i] -= lr * mHat / denominator;
            }
        };
    }

    private static ReferenceStep ReferenceRmsProp(int n, double lr, double alpha, double eps, double mu, double wd)
    {
        double[] v = new double[n], b = new double[n];
        return (p, grad, t) =>
        {
            for (int i = 0; i < n; i++)
            {
                double g = grad[i] + wd * p[i];
                v[i] = alpha * v[i] + (1 - alpha) * g * g;
                double avg = Math.Sqrt(v[i]) + eps;
                if (mu > 0)
                {
                    b[i] = mu * b[i] + g / avg;
                    p[i] -= lr * b[i];
                }
                else
                {
                    p[i] -= lr * g / avg;
                }
            }
        };
    }

    private static readonly string[] CaseNames =
    [
        "sgd", "sgd-momentum", "sgd-nesterov-decay",
        "adam", "adam-l2", "adamw",
        "rmsprop", "rmsprop-momentum-decay",
    ];

    public static TheoryData<string> Cases => new(CaseNames);

    private static (Optimizer Optimizer, ReferenceStep Reference) Create(string name, int n) => name switch
    {
        "sgd" => (new Sgd(0.1f), ReferenceSgd(n, 0.1, 0, false, 0)),
        "sgd-momentum" => (new Sgd(0.1f, momentum: 0.9f), ReferenceSgd(n, 0.1, 0.9, false, 0)),
        "sgd-nesterov-decay" => (new Sgd(0.05f, momentum: 0.8f, nesterov: true, weightDecay: 0.1f), ReferenceSgd(n, 0.05, 0.8, true, 0.1)),
        "adam" => (new Adam(0.01f), ReferenceAdam(n, 0.01, 0.9, 0.999, 1e-8, 0, 0)),
        "adam-l2" => (new Adam(0.02f, 0.8f, 0.99f, 1e-6f, weightDecay: 0.1f), ReferenceAdam(n, 0.02, 0.8, 0.99, 1e-6, 0.1, 0)),
        "adamw" => (new AdamW(0.02f, 0.8f, 0.99f, 1e-6f, weightDecay: 0.1f), ReferenceAdam(n, 0.02, 0.8, 0.99, 1e-6, 0, 0.1)),
        "rmsprop" => (new RmsProp(0.01f), ReferenceRmsProp(n, 0.01, 0.99, 1e-8, 0, 0)),
        "rmsprop-momentum-decay" => (new RmsProp(0.01f, 0.9f, 1e-6f, momentum: 0.5f, weightDecay: 0.1f), ReferenceRmsProp(n, 0.01, 0.9, 1e-6, 0.5, 0.1)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static void RunAgainstReference(string name, float[] start, float[][] gradients)
    {
        int n = start.Length;
        var (optimizer, reference) = Create(name, n);
        float[] p = (float[])start.Clone();
        double[] expected = start.Select(x => (double)x).ToArray();
        for (int t = 1; t <= gradients.Length; t++)
        {
            optimizer.Step(p, gradients[t - 1]);
            reference(expected, gradients[t - 1].Select(x => (double)x).ToArray(), t);
            Assert.Equal(t, optimizer.StepCount);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(p[i] - expected[i]) <= 1e-5 * Math.Abs(expected[i]) + 1e-6,
                    $"{name}, step {t}, parameter {i}: {p[i]}, expected {expected[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Three_steps_on_three_parameters_match_pytorch_formula(string name) =>
        RunAgainstReference(name, Start3, Gradients3);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Three_steps_on_37_parameters_match_pytorch_formula(string name)
    {
        // 37 = vector body plus a scalar tail at every vector width.
        var random = new Random(42);
        float[] start = Enumerable.Range(0, 37).Select(_ => random.NextSingle() * 4 - 2).ToArray();
        float[][] gradients = Enumerable.Range(0, 3)
            .Select(_ => Enumerable.Range(0, 37).Select(_ => random.NextSingle() * 2 - 1).ToArray()).ToArray();
        RunAgainstReference(name, start, gradients);
    }

    [Fact]
    public void Sgd_step_by_hand()
    {
        // p = 1, g = 0.5, lr = 0.1: p = 1 − 0.05 = 0.95; with momentum 0.9 the second step with the same
        // gradient uses b = 0.9·0.5 + 0.5 = 0.95: p = 0.95 − 0.095 = 0.855.
        float[] p = [1f];
        var sgd = new Sgd(0.1f, momentum: 0.9f);
        sgd.Step(p, [0.5f]);
        Assert.Equal(0.95f, p[0], 1e-6f);
        sgd.Step(p, [0.5f]);
        Assert.Equal(0.855f, p[0], 1e-6f);
    }

    [Fact]
    public void Adam_first_step_moves_each_parameter_by_the_learning_rate()
    {
        // After bias correction m̂ = g and v̂ = g², so the first step is lr·g/(|g| + ε) ≈ lr·sign(g).
        float[] p = [1f, 1f, 1f];
        new Adam(0.01f).Step(p, [3f, -0.001f, 200f]);
        Assert.Equal(0.99f, p[0], 1e-6f);
        Assert.Equal(1.01f, p[1], 1e-5f);
        Assert.Equal(0.99f, p[2], 1e-6f);
    }

    [Fact]
    public void AdamW_shrinks_parameters_even_with_zero_gradient()
    {
        // Zero gradient: m = v = 0, so only the decoupled decay acts: p·(1 − lr·wd) = 2·(1 − 0.1·0.5) = 1.9.
        float[] p = [2f];
        new AdamW(0.1f, weightDecay: 0.5f).Step(p, [0f]);
        Assert.Equal(1.9f, p[0], 1e-6f);
    }

    [Fact]
    public void Learning_rate_set_between_steps_is_used()
    {
        float[] p = [1f];
        var sgd = new Sgd(0.1f);
        sgd.LearningRate = 0.5f;
        sgd.Step(p, [1f]);
        Assert.Equal(0.5f, p[0], 1e-6f);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = -1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = float.NaN);
    }

    [Fact]
    public void Bad_coefficients_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, momentum: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(beta2: -0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(alpha: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(-1f));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Wrong_lengths_throw_naming_both_and_change_nothing(string name)
    {
        var (optimizer, _) = Create(name, 3);
        float[] p = [1f, 2f, 3f];

        var mismatch = Assert.Throws<ArgumentException>(() => optimizer.Step(p, new float[4]));
        Assert.Contains("3", mismatch.Message);
        Assert.Contains("4", mismatch.Message);
        Assert.Equal(0, optimizer.StepCount);

        optimizer.Step(p, [0.1f, 0.2f, 0.3f]);
        float[] after = (float[])p.Clone();

        var changed = Assert.Throws<ArgumentException>(() => optimizer.Step(new float[5], new float[5]));
        Assert.Contains("3", changed.Message);
        Assert.Contains("5", changed.Message);
        Assert.Equal(1, optimizer.StepCount);
        Assert.Equal(after, p);
    }

    [Fact]
    public void Step_allocates_nothing_after_the_first()
    {
        float[] p = new float[37], g = new float[37];
        Array.Fill(g, 0.01f);
        Optimizer[] optimizers = CaseNames.Select(name => Create(name, 37).Optimizer).ToArray();
        foreach (var optimizer in optimizers) optimizer.Step(p, g); // warm-up: state buffers and JIT
        float[] toClip = new float[37];
        GradientClipping.ClipByNorm(toClip, 1f);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            foreach (var optimizer in optimizers) optimizer.Step(p, g);
            GradientClipping.ClipByNorm(toClip, 1f);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stepping_a_network_updates_only_its_trainable_ranges(string name)
    {
        var all = new NetGen.Tests.Networks.W1Mlp();
        var partly = new NetGen.Tests.Networks.W1Mlp();
        all.InitializeParameters(1);
        partly.InitializeParameters(1);
        partly.SetFrozen("fc2", true);
        float[] fc2 = partly.Fc2Weight.ToArray();
        Optimizer whole = Create(name, all.Parameters.Length).Optimizer, ranged = Create(name, all.Parameters.Length).Optimizer;
        var random = new Random(3);
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < all.Gradients.Length; i++) all.Gradients[i] = partly.Gradients[i] = (float)(random.NextDouble() - 0.5);
            whole.Step(all);
            ranged.Step(partly);
        }
        Assert.Equal(all.Fc1Weight.ToArray(), partly.Fc1Weight.ToArray());
        Assert.Equal(all.Fc3Bias.ToArray(), partly.Fc3Bias.ToArray());
        Assert.Equal(fc2, partly.Fc2Weight.ToArray());
        Assert.NotEqual(fc2, all.Fc2Weight.ToArray());
    }
}
