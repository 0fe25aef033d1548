using Microsoft.CodeAnalysis;

namespace NetGen.Generator;

/// <summary>
/// Generated code for a project that compiles against .NET 8. The emitters write .NET 9's vector API
/// (<c>VectorNNN.MultiplyAddEstimate</c>, <c>float.MultiplyAddEstimate</c>, <c>Vector512.Create(Vector256)</c>), which
/// .NET 8 lacks; for .NET 8 those calls go to the runtime's <c>NetGen.CompilerServices.VectorMath</c>, which has the same methods built
/// from .NET 8's intrinsics. Rewriting the finished text keeps the code for .NET 9 and later exactly as emitted.
/// </summary>
internal static class DotNet8Source
{
    private const string Intrinsics = "global::System.Runtime.Intrinsics.";
    private const string VectorMath = "global::NetGen.CompilerServices.VectorMath.";

    /// <summary>Whether <paramref name="compilation"/> references a System.Runtime.Intrinsics without .NET 9's vector API.</summary>
    public static bool IsTargeted(Compilation compilation) =>
        compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector128") is { } vector128
        && vector128.GetMembers("MultiplyAddEstimate").IsEmpty;

    /// <summary><paramref name="source"/> with each .NET 9 call replaced by the <c>VectorMath</c> method of the same name.</summary>
    public static string Rewrite(string source) => source
        .Replace(Intrinsics + "Vector512.MultiplyAddEstimate(", VectorMath + "MultiplyAddEstimate(")
        .Replace(Intrinsics + "Vector256.MultiplyAddEstimate(", VectorMath + "MultiplyAddEstimate(")
        .Replace(Intrinsics + "Vector128.MultiplyAddEstimate(", VectorMath + "MultiplyAddEstimate(")
        .Replace("float.MultiplyAddEstimate(", VectorMath + "MultiplyAddEstimate(")
        .Replace(Intrinsics + "Vector512.Create(" + Intrinsics + "Vector256.", VectorMath + "Create(" + Intrinsics + "Vector256.");
}
