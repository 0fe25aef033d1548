using System.Text.Json.Serialization;

namespace NetGen;

/// <summary>The JSON form of a <see cref="Vocabulary"/>: every token by id, the reserved ones first.</summary>
internal sealed record VocabularyFile([property: JsonPropertyName("tokens")] string[]? Tokens);

/// <summary>Source-generated (reflection-free, so trimming- and NativeAOT-safe) JSON for <see cref="VocabularyFile"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(VocabularyFile))]
internal sealed partial class VocabularyJsonContext : JsonSerializerContext;
