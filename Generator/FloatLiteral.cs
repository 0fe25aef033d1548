using System.Globalization;

namespace NetGen.Generator;

/// <summary>Culture-invariant, round-trippable float formatting for generated code and messages.</summary>
internal static class FloatLiteral
{
    /// <summary>E.g. <c>0.01</c>, <c>1E-05</c>; never a comma, whatever the build machine's culture.</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A C# float literal, e.g. <c>0.01f</c>.</summary>
    public static string Literal(float value) => Format(value) + "f";
}
