namespace NetGen.Generator.Model;

/// <summary>
/// What one family declares beyond the fields every layer spec has: a sealed record in the family's folder
/// (<c>UpsampleOptions</c>), compared by value like the spec, so a new family adds its settings without touching
/// <see cref="LayerSpec"/>.
/// </summary>
internal abstract record LayerOptions;
