using System.ComponentModel;
using System.Reflection;
using NetGen.CompilerServices;

namespace NetGen.Tests.Runtime;

/// <summary>
/// What only generated code calls is public (the generated code is compiled into the user's assembly) but hidden from
/// IntelliSense: every public type of <c>NetGen.CompilerServices</c>, and the members of user-facing types that only
/// generated passes call. The members users call stay visible.
/// </summary>
public class CompilerServicesTests
{
    private static bool Hidden(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>() is { State: EditorBrowsableState.Never };

    [Fact]
    public void EveryPublicCompilerServicesTypeIsHidden()
    {
        Type[] types = [.. typeof(INetwork).Assembly.GetExportedTypes().Where(t => t.Namespace == "NetGen.CompilerServices")];
        Assert.Equal(
            ["AlignedArrays", "IParallelWork", "VectorActivations", "VectorMath"],
            types.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(types, t => Assert.True(Hidden(t), $"{t.Name} lacks [EditorBrowsable(Never)]"));
        Assert.DoesNotContain(typeof(INetwork).Assembly.GetExportedTypes(), t => t.Namespace == "NetGen" && Hidden(t));
    }

    [Theory]
    [InlineData(nameof(ParallelRunner.TryAcquire), true)]
    [InlineData(nameof(ParallelRunner.Release), true)]
    [InlineData(nameof(ParallelRunner.Run), true)]
    [InlineData(nameof(ParallelRunner.Partition), true)]
    [InlineData(nameof(ParallelRunner.Worthwhile), true)]
    [InlineData(nameof(ParallelRunner.Threads), false)]
    [InlineData(nameof(ParallelRunner.MinimumWork), false)]
    [InlineData(nameof(ParallelRunner.Dispose), false)]
    public void ParallelRunnerHidesWhatOnlyGeneratedPassesCall(string member, bool hidden) =>
        Assert.All(typeof(ParallelRunner).GetMember(member), m => Assert.Equal(hidden, Hidden(m)));

    [Fact]
    public void ParameterRangeHidesOnlyWhatGeneratedSetFrozenCalls()
    {
        Assert.True(Hidden(typeof(ParameterRange).GetMethod(nameof(ParameterRange.Trainable))!));
        Assert.False(Hidden(typeof(ParameterRange).GetProperty(nameof(ParameterRange.Offset))!));
    }
}
