using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// Branches and merges: an input that is no earlier layer (NG0043), merged shapes that do not fit (NG0044), a branch
/// nothing reads (NG0045), a merge of one tensor (NG0046), and the network input's reserved name (NG0013).
/// </summary>
public sealed class GraphDiagnosticTests
{
    [Fact]
    public void NG0043_InputNamesNoLayer() => AssertOnly("NG0043", """
        using NetGen;
        [Network(4)]
        [Dense(8, Name = "hidden")]
        [[|Dense(2, Input = "hiden")|]]
        public partial class Net;
        """, "'dense1'", "'hiden'", "which no layer is named", "\"input\", \"hidden\"");

    [Fact]
    public void NG0043_InputNamesALaterLayer_NoCycles() => AssertOnly("NG0043", """
        using NetGen;
        [Network(4)]
        [[|Dense(8, Input = "head", Name = "hidden")|]]
        [Dense(2, Name = "head")]
        public partial class Net;
        """, "'hidden'", "'head'", "declared after it", "no cycles", "only \"input\"");

    [Fact]
    public void NG0043_LayerReadsItself() => AssertOnly("NG0043", """
        using NetGen;
        [Network(4)]
        [Dense(8)]
        [[|Dense(8, Input = "loop", Name = "loop")|]]
        public partial class Net;
        """, "'loop'", "which is the layer itself");

    [Fact]
    public void NG0043_MergeNamesNoLayer() => AssertOnly("NG0043", """
        using NetGen;
        [Network(4)]
        [Dense(8, Name = "a")]
        [Dense(8, Name = "b")]
        [[|Add("a", "c")|]]
        public partial class Net;
        """, "'add0'", "'c'", "which no layer is named");

    [Fact]
    public void NG0044_AddOfDifferentShapes_NamesBoth() => AssertOnly("NG0044", """
        using NetGen;
        [Network(4)]
        [Dense(8, Name = "stem")]
        [Dense(6, Name = "branch")]
        [[|Add("stem")|]]
        public partial class Net;
        """, "'add0'", "(Add)", "[6] from 'branch'", "[8] from 'stem'", "same shape");

    [Fact]
    public void NG0044_ConcatenateOfImagesOfDifferentSizes() => AssertOnly("NG0044", """
        using NetGen;
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "full")]
        [Conv2D(4, 3, Input = "input", Name = "smaller")]
        [[|Concatenate("full", "smaller")|]]
        public partial class Net;
        """, "'concat0'", "[4, 8, 8] from 'full'", "[4, 6, 6] from 'smaller'", "channels");

    [Fact]
    public void NG0044_ConcatenateOfAVectorAndAnImage() => AssertOnly("NG0044", """
        using NetGen;
        [Network(1, 4, 4)]
        [Conv2D(2, 3, Padding = 1, Name = "image")]
        [Flatten]
        [Dense(3, Name = "vector")]
        [[|Concatenate("image", "vector")|]]
        public partial class Net;
        """, "[2, 4, 4] from 'image'", "[3] from 'vector'", "same rank");

    [Fact]
    public void NG0045_BranchNothingReads() => AssertOnly("NG0045", """
        using NetGen;
        [Network(4)]
        [Dense(8, Name = "hidden")]
        [[|Dense(8, Name = "unused")|]]
        [Dense(2, Input = "hidden", Name = "head")]
        public partial class Net;
        """, "'unused'", "'head'");

    [Fact]
    public void NG0046_MergeOfOneTensor() => AssertOnly("NG0046", """
        using NetGen;
        [Network(4)]
        [Dense(8)]
        [[|Add|]]
        public partial class Net;
        """, "'add0'", "(Add)", "reads only 'dense0'");

    [Fact]
    public void NG0013_LayerNamedInput() => AssertOnly("NG0013", """
        using NetGen;
        [Network(4)]
        [[|Dense(8, Name = "input")|]]
        [Dense(2)]
        public partial class Net;
        """, "'input'", "the network's input");

    [Fact]
    public void AddWithSoftmaxOnAnImage_IsNG0042() => AssertOnly("NG0042", """
        using NetGen;
        [Network(2, 4, 4)]
        [Conv2D(2, 3, Padding = 1, Name = "a")]
        [[|Add("input", Activation = Activation.Softmax)|]]
        public partial class Net;
        """, "'add0'", "[2, 4, 4]");

    [Fact]
    public void ChainsAndGraphsTogether_Compile() => Assert.Empty(GeneratorHarness.Diagnostics("""
        using NetGen;
        [Network(3, 8, 8, Loss = LossKind.SoftmaxCrossEntropy)]
        [Conv2D(8, 3, Padding = 1, Activation = Activation.ReLU, Name = "stem")]
        [Conv2D(8, 3, Padding = 1, Bias = false)]
        [BatchNorm]
        [Activation(Activation.ReLU)]
        [Conv2D(8, 3, Padding = 1)]
        [Add("stem", Activation = Activation.ReLU, Name = "block")]
        [MaxPool2D(2, Input = "block")]
        [Conv2D(4, 1, Input = "block", Name = "side")]
        [MaxPool2D(2)]
        [Concatenate("maxpool0", "maxpool1")]
        [GlobalAveragePool2D]
        [Dense(10)]
        public partial class Net;
        """));
}
